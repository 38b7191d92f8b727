package io.ddlguard.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DdlPreparedStatementTest {

    private static final String DML = "INSERT INTO users VALUES (?)";
    private static final String DDL = "CREATE INDEX users_name ON users (name)";

    private final RecordingRouter router = new RecordingRouter();
    private final StubConnection stubConnection = new StubConnection();
    private final DdlConnection connection = new DdlConnection(stubConnection, router);

    @FunctionalInterface
    interface Execution {
        Object run(PreparedStatement statement) throws SQLException;
    }

    static Stream<Arguments> executions() {
        return Stream.of(
                Arguments.of("execute()", (Execution) PreparedStatement::execute),
                Arguments.of("executeUpdate()", (Execution) PreparedStatement::executeUpdate),
                Arguments.of("executeLargeUpdate()", (Execution) PreparedStatement::executeLargeUpdate),
                Arguments.of("executeQuery()", (Execution) PreparedStatement::executeQuery));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("executions")
    void aPreparedDmlStatementRunsStraightOnTheDriver(String driverCall, Execution execution) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(DML);
        execution.run(statement);

        StubStatement stub = stubConnection.lastStatement();
        assertThat(router.routed).isEmpty();
        assertThat(stub.executions()).isEqualTo(1);
        assertThat(stub.lastCall()).isEqualTo(driverCall);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("executions")
    void aPreparedDdlStatementRunsThroughTheRouterOnce(String driverCall, Execution execution) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(DDL);
        Object result = execution.run(statement);

        StubStatement stub = stubConnection.lastStatement();
        assertThat(router.routed).containsExactly(DDL);
        assertThat(router.connections).containsExactly(connection);
        assertThat(stub.executions()).isEqualTo(1);
        assertThat(stub.lastSql()).isEqualTo(DDL);
        assertThat(stub.lastCall()).isEqualTo(driverCall);
        if (result instanceof ResultSet resultSet) {
            assertThat(resultSet.getStatement()).isSameAs(statement);
        } else {
            assertThat(result).isIn(true, StubStatement.UPDATE_COUNT, (long) StubStatement.UPDATE_COUNT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("executions")
    void aCallableDdlStatementRunsThroughTheRouterOnce(String driverCall, Execution execution) throws SQLException {
        CallableStatement statement = connection.prepareCall(DDL);
        execution.run(statement);

        assertThat(router.routed).containsExactly(DDL);
        assertThat(stubConnection.lastStatement()).isInstanceOf(StubCallableStatement.class);
        assertThat(stubConnection.lastStatement().executions()).isEqualTo(1);
        assertThat(stubConnection.lastStatement().lastCall()).isEqualTo(driverCall);
    }

    @Test
    void aCallableDmlStatementRunsStraightOnTheDriver() throws SQLException {
        CallableStatement statement = connection.prepareCall("{call refresh_totals(?)}");
        statement.setInt(1, 7);
        statement.execute();

        assertThat(router.routed).isEmpty();
        assertThat(stubConnection.lastStatement().executions()).isEqualTo(1);
        assertThat(statement.getConnection()).isSameAs(connection);
        assertThat(statement.unwrap(StubCallableStatement.class)).isSameAs(stubConnection.lastStatement());
    }

    @Test
    void theRoutersVerdictIsTakenOnceAtPrepareTime() throws SQLException {
        PreparedStatement statement = connection.prepareStatement(DML);
        int checksAfterPrepare = router.mayBeDdlChecks;
        for (int i = 0; i < 3; i++) {
            statement.setInt(1, i);
            statement.executeUpdate();
            statement.addBatch();
        }
        statement.executeBatch();

        assertThat(checksAfterPrepare).isEqualTo(1);
        assertThat(router.mayBeDdlChecks).isEqualTo(1);
    }

    @Test
    void theDriversExceptionReachesTheCallerUnchanged() throws SQLException {
        PreparedStatement statement = connection.prepareStatement(DDL);
        SQLException failure = new SQLException("relation exists", "42P07");
        stubConnection.lastStatement().failWith(failure);

        assertThatThrownBy(statement::execute).isSameAs(failure);
        assertThat(router.callsCompleted).isZero();
    }

    @Test
    void aDdlParameterBatchIsRoutedWithTheTextOncePerRow() throws SQLException {
        PreparedStatement statement = connection.prepareStatement(DDL);
        statement.addBatch();
        statement.addBatch();

        int[] counts = statement.executeBatch();

        StubStatement stub = stubConnection.lastStatement();
        assertThat(router.routedBatches).containsExactly(List.of(DDL, DDL));
        assertThat(stub.executions()).isEqualTo(1);
        assertThat(stub.lastBatchSize()).isEqualTo(2);
        assertThat(counts).isSameAs(stub.batchResult());
    }

    @Test
    void aDmlParameterBatchGoesStraightToTheDriver() throws SQLException {
        PreparedStatement statement = connection.prepareStatement(DML);
        statement.addBatch();
        statement.addBatch();

        long[] counts = statement.executeLargeBatch();

        assertThat(router.routedBatches).isEmpty();
        assertThat(stubConnection.lastStatement().lastBatchSize()).isEqualTo(2);
        assertThat(counts).isSameAs(stubConnection.lastStatement().largeBatchResult());
    }

    @Test
    void ddlTextAddedToAParameterBatchIsRoutedWithTheRowsBeforeIt() throws SQLException {
        PreparedStatement statement = connection.prepareStatement(DML);
        statement.addBatch();
        statement.addBatch();
        statement.addBatch("DROP TABLE staging");
        statement.addBatch();

        statement.executeBatch();

        assertThat(router.routedBatches).containsExactly(List.of(DML, DML, "DROP TABLE staging", DML));
    }

    @Test
    void rowsOfAFailedBatchDoNotReachTheNextBatch() throws SQLException {
        PreparedStatement statement = connection.prepareStatement(DDL);
        SQLException failure = new SQLException("batch failed", "42P07");
        stubConnection.lastStatement().failWith(failure);
        statement.addBatch();
        assertThatThrownBy(statement::executeBatch).isSameAs(failure);

        stubConnection.lastStatement().failWith(null);
        statement.addBatch();
        statement.executeBatch();

        assertThat(router.routedBatches).containsExactly(List.of(DDL), List.of(DDL));
    }
}
