package io.ddlguard.benchmarks;

import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.parser.StatementParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether parsing time grows linearly with the input: a statement of 1 MB and of 10 MB (a column list, a string
 * literal, comments before a DROP), and nesting 10k and 100k deep (parentheses in a CHECK, PostgreSQL's nested
 * comments). Linear means each 10x larger input scores about ten times the smaller one.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = "-Xmx2g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ParserScalingBenchmark {

    /** Size in bytes (the {@code columns}, {@code literal}, {@code comments} shapes) or nesting depth. */
    @Param({"1000000", "10000000"})
    public int size;

    @Param({"columns", "literal", "comments", "parentheses", "nestedComments"})
    public String shape;

    private String sql;

    @Setup
    public void build() {
        int depth = size / 100; // 10k and 100k levels
        sql = switch (shape) {
            case "columns" -> {
                StringBuilder sb = new StringBuilder("CREATE TABLE t (");
                for (int i = 0; sb.length() < size; i++) {
                    sb.append(i == 0 ? "" : ", ").append('c').append(i).append(" varchar(20) NOT NULL DEFAULT 'x'");
                }
                yield sb.append(')').toString();
            }
            case "literal" -> "CREATE TABLE t (a text DEFAULT '" + "x''; DROP TABLE v; -- ".repeat(size / 22) + "')";
            case "comments" -> "/* DROP TABLE x; */ -- ; DROP TABLE y\n".repeat(size / 39) + "DROP TABLE t";
            case "parentheses" -> "CREATE TABLE t (a int CHECK " + "(".repeat(depth) + "a > 0" + ")".repeat(depth) + ")";
            case "nestedComments" -> "/*".repeat(depth) + " x " + "*/".repeat(depth) + " DROP TABLE t";
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
    }

    @Benchmark
    public List<DdlElement> parse() {
        return StatementParser.parse(sql, Dialect.POSTGRESQL);
    }
}
