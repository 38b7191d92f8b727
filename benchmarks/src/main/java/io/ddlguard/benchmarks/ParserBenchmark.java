package io.ddlguard.benchmarks;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.parser.StatementParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parser's two costs: the fast path every statement takes (DML rejected), and parsing DDL — over the
 * PostgreSQL corpus the oracle test checks against a real server.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ParserBenchmark {

    /** The corpus statements the parser reads as DDL (364 are DDL to PostgreSQL; SELECT ... INTO is read as a query). */
    static final int CORPUS_SIZE = 363;

    private final DialectRules postgresql = DialectRules.of(Dialect.POSTGRESQL);
    private final String pointSelect = "SELECT id, name, email FROM users WHERE id = ?";
    private final String commentedInsert = "/* app:orders */ INSERT INTO orders (user_id, total) VALUES (?, ?)";
    private String[] corpus;

    @Setup
    public void load() throws IOException {
        try (InputStream in = ParserBenchmark.class.getResourceAsStream("/corpus/postgresql.sql")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> ddl = new ArrayList<>();
            for (String block : text.split("(?m)^-- @@.*$")) {
                if (!block.isBlank() && !StatementParser.parse(block, Dialect.POSTGRESQL).isEmpty()) {
                    ddl.add(block.strip());
                }
            }
            corpus = ddl.subList(0, Math.min(CORPUS_SIZE, ddl.size())).toArray(String[]::new);
            if (corpus.length != CORPUS_SIZE) {
                throw new IllegalStateException("corpus has " + corpus.length + " DDL statements, expected " + CORPUS_SIZE);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean dmlFastPathPointSelect() {
        return StatementParser.mayBeDdl(pointSelect, postgresql);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean dmlFastPathCommentedInsert() {
        return StatementParser.mayBeDdl(commentedInsert, postgresql);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CORPUS_SIZE)
    public void parseCorpus(Blackhole bh) {
        for (String sql : corpus) {
            List<DdlElement> elements = StatementParser.parse(sql, Dialect.POSTGRESQL);
            bh.consume(elements);
        }
    }
}
