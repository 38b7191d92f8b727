package io.ddlguard.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DdlConnectionTest {

    private final RecordingRouter router = new RecordingRouter();
    private final StubConnection stub = new StubConnection();
    private final DdlConnection connection = new DdlConnection(stub, router);

    @FunctionalInterface
    interface Factory {
        Statement create(Connection connection) throws SQLException;
    }

    static Stream<Arguments> factories() {
        String sql = "DROP TABLE users";
        int type = ResultSet.TYPE_FORWARD_ONLY;
        int concurrency = ResultSet.CONCUR_READ_ONLY;
        int holdability = ResultSet.CLOSE_CURSORS_AT_COMMIT;
        return Stream.of(
                factory("createStatement()", Statement.class, Connection::createStatement),
                factory("createStatement(int,int)", Statement.class, c -> c.createStatement(type, concurrency)),
                factory("createStatement(int,int,int)", Statement.class,
                        c -> c.createStatement(type, concurrency, holdability)),
                factory("prepareStatement(String)", PreparedStatement.class, c -> c.prepareStatement(sql)),
                factory("prepareStatement(String,int)", PreparedStatement.class,
                        c -> c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)),
                factory("prepareStatement(String,int[])", PreparedStatement.class,
                        c -> c.prepareStatement(sql, new int[] {1})),
                factory("prepareStatement(String,String[])", PreparedStatement.class,
                        c -> c.prepareStatement(sql, new String[] {"id"})),
                factory("prepareStatement(String,int,int)", PreparedStatement.class,
                        c -> c.prepareStatement(sql, type, concurrency)),
                factory("prepareStatement(String,int,int,int)", PreparedStatement.class,
                        c -> c.prepareStatement(sql, type, concurrency, holdability)),
                factory("prepareCall(String)", CallableStatement.class, c -> c.prepareCall(sql)),
                factory("prepareCall(String,int,int)", CallableStatement.class,
                        c -> c.prepareCall(sql, type, concurrency)),
                factory("prepareCall(String,int,int,int)", CallableStatement.class,
                        c -> c.prepareCall(sql, type, concurrency, holdability)));
    }

    private static Arguments factory(String name, Class<? extends Statement> kind, Factory factory) {
        return Arguments.of(name, kind, factory);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factories")
    void everyStatementItCreatesIsWrappedAndLeadsBackToIt(String name, Class<? extends Statement> kind,
            Factory factory) throws SQLException {
        Statement statement = factory.create(connection);

        assertThat(statement).isInstanceOf(kind).isInstanceOf(DdlStatement.class);
        assertThat(statement.unwrap(StubStatement.class)).isSameAs(stub.lastStatement());
        assertThat(statement.getConnection()).isSameAs(connection);
    }

    @Test
    void metadataLeadsBackToTheWrappingConnection() throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();

        assertThat(metaData.getConnection()).isSameAs(connection);
        assertThat(metaData.unwrap(StubDatabaseMetaData.class)).isInstanceOf(StubDatabaseMetaData.class);
    }

    @Test
    void metadataResultSetsLeadBackToTheWrappingConnection() throws SQLException {
        ResultSet tables = connection.getMetaData().getTables(null, null, "%", null);
        Statement statement = tables.getStatement();

        assertThat(statement).isInstanceOf(DdlStatement.class);
        assertThat(statement.getConnection()).isSameAs(connection);
        assertThat(tables.getStatement()).isSameAs(statement);
    }

    @Test
    void unwrapReachesTheDriverConnectionAndWhatItWraps() throws SQLException {
        assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
        assertThat(connection.unwrap(StubConnection.class)).isSameAs(stub);
        assertThat(connection.unwrap(StubNative.class)).isEqualTo(stub.nativeObject());
        assertThat(connection.isWrapperFor(StubConnection.class)).isTrue();
        assertThat(connection.isWrapperFor(StubNative.class)).isTrue();
        assertThat(connection.isWrapperFor(Statement.class)).isFalse();
        assertThatThrownBy(() -> connection.unwrap(Statement.class)).isInstanceOf(SQLException.class);
    }

    @Test
    void closeClosesTheDriverConnection() throws SQLException {
        connection.close();

        assertThat(stub.isClosed()).isTrue();
        assertThat(connection.isClosed()).isTrue();
    }

    @Test
    void anotherRouterCanServeTheSamePhysicalConnection() throws SQLException {
        DdlConnection view = connection.withRouter(StatementRouter.PASS_THROUGH);
        view.createStatement().execute("DROP TABLE users");

        assertThat(view.delegate()).isSameAs(stub);
        assertThat(view.router()).isSameAs(StatementRouter.PASS_THROUGH);
        assertThat(router.routed).isEmpty();
        assertThat(stub.lastStatement().executions()).isEqualTo(1);
    }

    @Test
    void theConnectionAListenerIsGivenRefusesToCloseAndTellsItsScopeOfEveryStatement() throws SQLException {
        java.util.List<Statement> seen = new java.util.ArrayList<>();
        DdlConnection forListener = connection.forListener(StatementRouter.PASS_THROUGH, seen::add);
        for (Factory f : java.util.List.<Factory>of(Connection::createStatement, c -> c.prepareStatement("select 1"),
                c -> c.prepareCall("call p()"))) {
            f.create(forListener);
        }

        assertThat(seen).hasSize(3).doesNotContainNull();
        assertThat(seen.get(2)).isSameAs(stub.lastStatement());
        assertThatThrownBy(forListener::close).isInstanceOf(SQLException.class)
                .hasMessageContaining("a listener cannot close ctx.connection()")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("DG005");
        assertThatThrownBy(() -> forListener.abort(Runnable::run)).isInstanceOf(SQLException.class);
        assertThat(stub.isClosed()).isFalse();
        connection.createStatement(); // the application's own wrapper is untouched, and reports nothing
        assertThat(seen).hasSize(3);
    }

    @Test
    void equalityIsIdentity() {
        DdlConnection other = new DdlConnection(stub, router);

        assertThat(connection).isEqualTo(connection).isNotEqualTo(other);
    }
}
