package io.ddlguard.benchmarks;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.parser.StatementParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parser's two costs: the fast path every statement takes (DML rejected), and parsing DDL over the PostgreSQL
 * corpus the oracle test checks against a real server; and JSqlParser 5.4 on the same corpus
 * ({@code CCJSqlParserUtil.newParser(sql).Statement()}, a statement it cannot parse costing it the exception).
 * {@link ParserCorpus#count()} says how many statements each gets right.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ParserBenchmark {

    static final int CORPUS_SIZE = ParserCorpus.SIZE;

    private final DialectRules postgresql = DialectRules.of(Dialect.POSTGRESQL);
    // not final, so that the JIT cannot fold the scans
    private String pointSelect = "SELECT id, name, email FROM users WHERE id = ?";
    private String commentedInsert = "/* app:orders */ INSERT INTO orders (user_id, total) VALUES (?, ?)";
    private String[] corpus;

    @Setup
    public void load() {
        corpus = ParserCorpus.ddl();
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

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CORPUS_SIZE)
    public void jsqlParserCorpus(Blackhole bh) {
        for (String sql : corpus) {
            try {
                bh.consume(CCJSqlParserUtil.newParser(sql).Statement());
            } catch (Exception | Error e) {
                bh.consume(e);
            }
        }
    }
}
