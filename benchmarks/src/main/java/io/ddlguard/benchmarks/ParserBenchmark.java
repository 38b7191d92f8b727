package io.ddlguard.benchmarks;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.parser.SessionReading;
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
    private final DialectRules mysql = DialectRules.of(Dialect.MYSQL);
    // not final, so that the JIT cannot fold the scans
    private String pointSelect = "SELECT id, name, email FROM users WHERE id = ?";
    private String commentedInsert = "/* app:orders */ INSERT INTO orders (user_id, total) VALUES (?, ?)";
    private String backslashDdl = "CREATE TABLE paths (id INT PRIMARY KEY, dir VARCHAR(200) DEFAULT 'C:\\temp\\new')";
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

    /**
     * The corpus as the wrapper reads it ({@link SessionReading}): a text with a backslash is read under each
     * session setting too. The readings of the corpus agree, so no session is asked (none is given).
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CORPUS_SIZE)
    public void parseCorpusInSession(Blackhole bh) {
        for (String sql : corpus) {
            bh.consume(SessionReading.read(null, sql, postgresql, Integer.MAX_VALUE));
        }
    }

    /** One MySQL DDL statement with backslashes, parsed once. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public List<DdlElement> backslashDdlParsed() {
        return StatementParser.parse(backslashDdl, mysql, Integer.MAX_VALUE);
    }

    /** The same statement as the wrapper reads it: under the four settings, which agree. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public List<DdlElement> backslashDdlInSession() {
        return SessionReading.read(null, backslashDdl, mysql, Integer.MAX_VALUE).elements();
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
