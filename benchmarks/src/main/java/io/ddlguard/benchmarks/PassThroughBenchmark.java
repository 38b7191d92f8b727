package io.ddlguard.benchmarks;

import io.ddlguard.benchmarks.stub.StubPgConnection;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.jdbc.StubDataSource;
import org.h2.jdbcx.JdbcDataSource;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * What a wrapper adds to every ordinary statement: one prepared point select (prepare, bind, execute, read the
 * row, close both) on a connection held open, through the raw driver, ddlguard and its peers (see
 * {@link Wrapping}), in the same run.
 *
 * <ul>
 *   <li>{@code stub}: {@link StubDataSource} of {@link StubPgConnection}s, a driver that does no work, so that the
 *       time is the wrappers'. It passes for pgjdbc and ddlguard is told the dialect is PostgreSQL, so the
 *       connection is tracked by the guard and every result set is recorded on it: ddlguard's most expensive
 *       configuration.</li>
 *   <li>{@code h2}: H2 in memory, 1,000 rows, the key looked up varying; ddlguard detects H2.</li>
 *   <li>{@code stub-untracked} (run by the report with raw and ddlguard only): the stub with ddlguard told the
 *       dialect is generic, which has no guard, so that nothing is tracked: the difference to {@code stub} is
 *       what tracking costs.</li>
 * </ul>
 */
@State(Scope.Thread)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PassThroughBenchmark {

    static final String POINT_SELECT = "SELECT id, email FROM users WHERE id = ?";
    private static final int ROWS = 1_000;

    @Param({"stub", "h2"})
    public String driver;

    @Param({"raw", "ddlguard", "ddlguard-no-listener", "datasource-proxy", "p6spy"})
    public String via;

    private Connection keepAlive;
    private Connection connection;
    private long id;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        DataSource raw;
        Dialect dialect;
        if (driver.equals("stub")) {
            raw = new StubDataSource(StubPgConnection::new);
            dialect = Dialect.POSTGRESQL;
        } else if (driver.equals("stub-untracked")) {
            raw = new StubDataSource(StubPgConnection::new);
            dialect = Dialect.GENERIC;
        } else if (driver.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:passthrough;DB_CLOSE_DELAY=-1");
            keepAlive = h2.getConnection();
            try (Statement s = keepAlive.createStatement()) {
                s.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(200) NOT NULL)");
                s.execute("INSERT INTO users SELECT x, 'user' || x || '@example.com' FROM SYSTEM_RANGE(1, " + ROWS
                        + ")");
            }
            raw = h2;
            dialect = null;
        } else {
            throw new IllegalArgumentException("unknown driver " + driver);
        }
        connection = Wrapping.wrap(via, raw, dialect).getConnection();
        if (driver.equals("h2") && !via.equals("raw")) {
            // every wrapper must reach the same rows: a wrong setup must not look fast
            try (PreparedStatement ps = connection.prepareStatement(POINT_SELECT)) {
                ps.setLong(1, ROWS);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException(via + " does not see the rows");
                    }
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        connection.close();
        if (keepAlive != null) {
            keepAlive.close();
        }
    }

    @Benchmark
    public void pointSelect(Blackhole bh) throws SQLException {
        id = id == ROWS ? 1 : id + 1;
        try (PreparedStatement ps = connection.prepareStatement(POINT_SELECT)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bh.consume(rs.getLong(1));
                    bh.consume(rs.getString(2));
                }
            }
        }
    }
}
