package io.ddlguard.benchmarks;

import io.ddlguard.benchmarks.stub.StubPgConnection;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.jdbc.StubDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * What a wrapper adds to every connection borrowed: {@code getConnection()} and {@code close()} on the stub
 * driver ({@link StubDataSource} of {@link StubPgConnection}s, which pass for pgjdbc's; ddlguard is told the
 * dialect is PostgreSQL, so each connection is tracked by the guard, with or without its borrow stack). The
 * end-to-end benchmark borrows once per statement, so this is part of what it measures.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BorrowBenchmark {

    @Param({"raw", "ddlguard-stacks-off", "ddlguard", "datasource-proxy", "p6spy"})
    public String via;

    private DataSource dataSource;

    @Setup(Level.Trial)
    public void wrap() {
        dataSource = Wrapping.wrap(via, new StubDataSource(StubPgConnection::new), Dialect.POSTGRESQL);
    }

    @Benchmark
    public Connection borrow() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return c;
        }
    }
}
