package io.ddlguard.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ConnectionBuilder;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class DdlDataSourceTest {

    private final RecordingRouter router = new RecordingRouter();
    private final StubDataSource stub = new StubDataSource();
    private final DdlDataSource dataSource = new DdlDataSource(stub, router);

    @Test
    void connectionsAreWrappedAroundTheDriversAndUseItsRouter() throws SQLException {
        Connection connection = dataSource.getConnection();

        assertThat(connection).isInstanceOf(DdlConnection.class);
        assertThat(((DdlConnection) connection).delegate()).isSameAs(stub.lastConnection());
        assertThat(((DdlConnection) connection).router()).isSameAs(router);
    }

    @Test
    void connectionsForAUserAreWrappedToo() throws SQLException {
        Connection connection = dataSource.getConnection("app", "secret");

        assertThat(connection.unwrap(StubConnection.class)).isSameAs(stub.lastConnection());
        assertThat(stub.lastUser()).isEqualTo("app");
    }

    @Test
    void connectionsFromABuilderAreWrappedToo() throws SQLException {
        StubConnection built = new StubConnection();
        ConnectionBuilder driverBuilder = (ConnectionBuilder) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConnectionBuilder.class},
                (proxy, method, args) -> method.getName().equals("build") ? built : proxy);
        DataSource building = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> driverBuilder);

        Connection connection = new DdlDataSource(building, router).createConnectionBuilder().user("app").build();

        assertThat(connection).isInstanceOf(DdlConnection.class);
        assertThat(connection.unwrap(StubConnection.class)).isSameAs(built);
    }

    @Test
    void unwrapReachesTheWrappedDataSourceAndWhatItWraps() throws SQLException {
        assertThat(dataSource.unwrap(DataSource.class)).isSameAs(dataSource);
        assertThat(dataSource.unwrap(StubDataSource.class)).isSameAs(stub);
        assertThat(dataSource.unwrap(StubNative.class)).isEqualTo(stub.nativeObject());
        assertThat(dataSource.isWrapperFor(StubDataSource.class)).isTrue();
        assertThat(dataSource.isWrapperFor(StubNative.class)).isTrue();
        assertThat(dataSource.isWrapperFor(Connection.class)).isFalse();
        assertThatThrownBy(() -> dataSource.unwrap(Connection.class)).isInstanceOf(SQLException.class);
    }

    @Test
    void closeClosesAClosableDataSource() throws SQLException {
        dataSource.close();

        assertThat(stub.isClosed()).isTrue();
    }

    @Test
    void closeLeavesADataSourceThatCannotBeClosedAlone() {
        DataSource untouchable = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    throw new AssertionError("close must not call " + method.getName());
                });

        assertThatNoException().isThrownBy(() -> new DdlDataSource(untouchable, router).close());
    }

    @Test
    void closeReportsACheckedFailureAsAnSqlExceptionWithTheCause() {
        IOException failure = new IOException("disk gone");
        DataSource failing = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class, Closeable.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        throw failure;
                    }
                    return "failing pool";
                });

        assertThatThrownBy(() -> new DdlDataSource(failing, router).close())
                .isInstanceOf(SQLException.class)
                .hasCause(failure)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("HY000");
    }

    @Test
    void toStringNamesWhatItWraps() {
        assertThat(dataSource).hasToString("DdlDataSource wrapping " + stub);
    }
}
