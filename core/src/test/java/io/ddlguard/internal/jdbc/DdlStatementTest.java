package io.ddlguard.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DdlStatementTest {

    private static final String DML = "UPDATE users SET name = 'x'";
    private static final String DDL = "DROP TABLE users";

    private final RecordingRouter router = new RecordingRouter();
    private final StubConnection stubConnection = new StubConnection();
    private final DdlConnection connection = new DdlConnection(stubConnection, router);
    private Statement statement;
    private StubStatement stub;

    @FunctionalInterface
    interface EntryPoint {
        Object run(Statement statement, String sql) throws SQLException;
    }

    @BeforeEach
    void createStatement() throws SQLException {
        statement = connection.createStatement();
        stub = stubConnection.lastStatement();
    }

    static Stream<Arguments> entryPoints() {
        return Stream.of(
                entry("execute(String)", Statement::execute),
                entry("execute(String,int)", (s, sql) -> s.execute(sql, Statement.RETURN_GENERATED_KEYS)),
                entry("execute(String,int[])", (s, sql) -> s.execute(sql, new int[] {1})),
                entry("execute(String,String[])", (s, sql) -> s.execute(sql, new String[] {"id"})),
                entry("executeUpdate(String)", Statement::executeUpdate),
                entry("executeUpdate(String,int)", (s, sql) -> s.executeUpdate(sql, Statement.NO_GENERATED_KEYS)),
                entry("executeUpdate(String,int[])", (s, sql) -> s.executeUpdate(sql, new int[] {1})),
                entry("executeUpdate(String,String[])", (s, sql) -> s.executeUpdate(sql, new String[] {"id"})),
                entry("executeLargeUpdate(String)", Statement::executeLargeUpdate),
                entry("executeLargeUpdate(String,int)",
                        (s, sql) -> s.executeLargeUpdate(sql, Statement.RETURN_GENERATED_KEYS)),
                entry("executeLargeUpdate(String,int[])", (s, sql) -> s.executeLargeUpdate(sql, new int[] {1})),
                entry("executeLargeUpdate(String,String[])",
                        (s, sql) -> s.executeLargeUpdate(sql, new String[] {"id"})),
                entry("executeQuery(String)", Statement::executeQuery));
    }

    private static Arguments entry(String driverCall, EntryPoint entryPoint) {
        return Arguments.of(driverCall, entryPoint);
    }

    /** What the stub driver returns for {@code driverCall}, as the wrapper must hand it back. */
    private Object driverResult(String driverCall) {
        if (driverCall.startsWith("executeQuery")) {
            return stub.resultSet();
        }
        if (driverCall.startsWith("executeLargeUpdate")) {
            return (long) StubStatement.UPDATE_COUNT;
        }
        if (driverCall.startsWith("executeUpdate")) {
            return StubStatement.UPDATE_COUNT;
        }
        return true;
    }

    private static Object unwrapped(Object result) throws SQLException {
        return result instanceof ResultSet resultSet ? resultSet.unwrap(StubResultSet.class) : result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entryPoints")
    void dmlGoesStraightToTheDriverWithoutTheRouter(String driverCall, EntryPoint entryPoint) throws SQLException {
        Object result = entryPoint.run(statement, DML);

        assertThat(router.routed).isEmpty();
        assertThat(stub.executions()).isEqualTo(1);
        assertThat(stub.lastSql()).isEqualTo(DML);
        assertThat(stub.lastCall()).isEqualTo(driverCall);
        assertThat(unwrapped(result)).isEqualTo(driverResult(driverCall));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entryPoints")
    void ddlGoesThroughTheRouterAndRunsOnTheDriverOnce(String driverCall, EntryPoint entryPoint)
            throws SQLException {
        Object result = entryPoint.run(statement, DDL);

        assertThat(router.routed).containsExactly(DDL);
        assertThat(router.methods).containsExactly(driverCall.startsWith("executeQuery") ? JdbcMethod.EXECUTE_QUERY
                : driverCall.startsWith("execute(") ? JdbcMethod.EXECUTE : JdbcMethod.EXECUTE_UPDATE);
        assertThat(router.connections).containsExactly(connection);
        assertThat(router.callsCompleted).isEqualTo(1);
        assertThat(stub.executions()).isEqualTo(1);
        assertThat(stub.lastSql()).isEqualTo(DDL);
        assertThat(stub.lastCall()).isEqualTo(driverCall);
        assertThat(unwrapped(result)).isEqualTo(driverResult(driverCall));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entryPoints")
    void theDriversExceptionReachesTheCallerUnchanged(String driverCall, EntryPoint entryPoint) {
        SQLException failure = new SQLException("relation is locked", "55P03");
        stub.failWith(failure);

        assertThatThrownBy(() -> entryPoint.run(statement, DML)).isSameAs(failure);
        assertThatThrownBy(() -> entryPoint.run(statement, DDL)).isSameAs(failure);
        assertThat(router.routed).containsExactly(DDL);
        assertThat(router.callsCompleted).isZero();
    }

    @Nested
    class Batches {

        @Test
        void aBatchHoldingDdlIsRoutedWithAllItsTextsInOrder() throws SQLException {
            statement.addBatch("INSERT INTO users VALUES (1)");
            statement.addBatch("CREATE TABLE audit (id int)");
            statement.addBatch("INSERT INTO audit VALUES (1)");

            int[] counts = statement.executeBatch();

            assertThat(router.routedBatches).containsExactly(List.of(
                    "INSERT INTO users VALUES (1)", "CREATE TABLE audit (id int)", "INSERT INTO audit VALUES (1)"));
            assertThat(router.connections).containsExactly(connection);
            assertThat(stub.executions()).isEqualTo(1);
            assertThat(stub.lastCall()).isEqualTo("executeBatch()");
            assertThat(stub.lastBatchSize()).isEqualTo(3);
            assertThat(counts).isSameAs(stub.batchResult());
        }

        @Test
        void aLargeBatchHoldingDdlIsRoutedToo() throws SQLException {
            statement.addBatch("ALTER TABLE users ADD COLUMN age int");
            statement.addBatch("UPDATE users SET age = 0");

            long[] counts = statement.executeLargeBatch();

            assertThat(router.routedBatches)
                    .containsExactly(List.of("ALTER TABLE users ADD COLUMN age int", "UPDATE users SET age = 0"));
            assertThat(stub.executions()).isEqualTo(1);
            assertThat(stub.lastCall()).isEqualTo("executeLargeBatch()");
            assertThat(counts).isSameAs(stub.largeBatchResult());
        }

        @Test
        void aBatchOfOnlyDmlGoesStraightToTheDriver() throws SQLException {
            statement.addBatch("INSERT INTO users VALUES (1)");
            statement.addBatch("DELETE FROM users");

            int[] counts = statement.executeBatch();
            statement.addBatch("INSERT INTO users VALUES (2)");
            long[] largeCounts = statement.executeLargeBatch();

            assertThat(router.routedBatches).isEmpty();
            assertThat(stub.executions()).isEqualTo(2);
            assertThat(counts).isSameAs(stub.batchResult());
            assertThat(largeCounts).isSameAs(stub.largeBatchResult());
        }

        @Test
        void theRecordOfABatchIsClearedEvenWhenTheDriverThrows() throws SQLException {
            SQLException failure = new SQLException("batch failed", "42P07");
            stub.failWith(failure);
            statement.addBatch("CREATE TABLE users (id int)");
            assertThatThrownBy(statement::executeBatch).isSameAs(failure);

            stub.failWith(null);
            statement.addBatch("INSERT INTO users VALUES (1)");
            statement.executeBatch();

            assertThat(router.routedBatches).containsExactly(List.of("CREATE TABLE users (id int)"));
            assertThat(stub.executions()).isEqualTo(2);
        }

        @Test
        void aRoutedBatchDoesNotLeaveItsTextsInTheNextOne() throws SQLException {
            statement.addBatch("CREATE TABLE a (id int)");
            statement.executeBatch();
            statement.addBatch("DROP TABLE a");
            statement.executeLargeBatch();

            assertThat(router.routedBatches)
                    .containsExactly(List.of("CREATE TABLE a (id int)"), List.of("DROP TABLE a"));
        }

        @Test
        void clearBatchForgetsTheRecordedTexts() throws SQLException {
            statement.addBatch("DROP TABLE users");
            statement.clearBatch();
            statement.addBatch("DELETE FROM users");
            statement.executeBatch();

            assertThat(router.routedBatches).isEmpty();
            assertThat(stub.lastBatchSize()).isEqualTo(1);
        }

        @Test
        void aBatchTheRouterSeesCannotBeChangedByIt() throws SQLException {
            StatementRouter meddling = new StatementRouter() {
                @Override
                public boolean mayBeDdl(String sql) {
                    return true;
                }

                @Override
                public <T> T execute(DdlConnection c, JdbcMethod method, String sql, JdbcCall<T> call) throws SQLException {
                    return call.call();
                }

                @Override
                public <T> T executeBatch(DdlConnection c, List<String> sqls, JdbcCall<T> call) throws SQLException {
                    assertThatThrownBy(() -> sqls.add("DROP TABLE everything"))
                            .isInstanceOf(UnsupportedOperationException.class);
                    return call.call();
                }
            };
            Statement guarded = new DdlConnection(stubConnection, meddling).createStatement();
            guarded.addBatch("DROP TABLE users");

            assertThat(guarded.executeBatch()).isSameAs(stubConnection.lastStatement().batchResult());
        }
    }

    @Nested
    class ObjectGraph {

        @Test
        void getConnectionReturnsTheWrappingConnection() throws SQLException {
            assertThat(statement.getConnection()).isSameAs(connection);
        }

        @Test
        void resultSetsLeadBackToTheWrappingStatement() throws SQLException {
            ResultSet query = statement.executeQuery("SELECT 1");

            assertThat(query.getStatement()).isSameAs(statement);
            assertThat(statement.getResultSet()).isSameAs(query);
            assertThat(statement.getGeneratedKeys().getStatement()).isSameAs(statement);
            assertThat(query.unwrap(StubResultSet.class)).isSameAs(stub.resultSet());
        }

        @Test
        void unwrapReachesTheDriverStatementAndWhatItWraps() throws SQLException {
            assertThat(statement.unwrap(Statement.class)).isSameAs(statement);
            assertThat(statement.unwrap(StubStatement.class)).isSameAs(stub);
            assertThat(statement.unwrap(StubNative.class)).isEqualTo(stub.nativeObject());
            assertThat(statement.isWrapperFor(StubStatement.class)).isTrue();
            assertThat(statement.isWrapperFor(StubNative.class)).isTrue();
            assertThat(statement.isWrapperFor(Connection.class)).isFalse();
            assertThatThrownBy(() -> statement.unwrap(Connection.class)).isInstanceOf(SQLException.class);
        }

        @Test
        void closeClosesTheDriverStatement() throws SQLException {
            statement.close();

            assertThat(stub.isClosed()).isTrue();
            assertThat(statement.isClosed()).isTrue();
        }
    }
}
