package io.ddlguard.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddlguard.DdlGuard;
import io.ddlguard.element.Dialect;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.Target;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DdlGuard#wrapConnection}: the agent's way in, one connection at a time. */
class WrapConnectionTest {

    private final DdlEvents events = new DdlEvents();
    private final List<String> heard = new ArrayList<>();
    private final DdlGuard guard = DdlGuard.builder().dialect(Dialect.ORACLE).events(events).build();

    WrapConnectionTest() {
        events.listen(Target.anyTable(), DdlEvent.AFTER_CREATE, ctx -> heard.add(ctx.target().toString()));
    }

    @Test
    void aWrappedConnectionFiresTheGuardsListeners() throws SQLException {
        Connection wrapped = guard.wrapConnection(new StubConnection(), new StubDataSource());

        try (Statement s = wrapped.createStatement()) {
            s.execute("CREATE TABLE users (id int)");
        }

        assertThat(wrapped).isInstanceOf(DdlConnection.class);
        assertThat(heard).hasSize(1);
    }

    @Test
    void connectionsOfOneSourceShareOneDispatcherAndOtherSourcesGetTheirOwn() throws SQLException {
        StubDataSource source = new StubDataSource();

        DdlConnection first = (DdlConnection) guard.wrapConnection(new StubConnection(), source);
        DdlConnection second = (DdlConnection) guard.wrapConnection(new StubConnection(), source);
        DdlConnection other = (DdlConnection) guard.wrapConnection(new StubConnection(), new StubDataSource());

        assertThat(second.router()).isSameAs(first.router());
        assertThat(other.router()).isNotSameAs(first.router());
    }

    @Test
    void aConnectionThisGuardWrappedIsReturnedAsIs() throws SQLException {
        Connection wrapped = guard.wrapConnection(new StubConnection(), new StubDataSource());

        assertThat(guard.wrapConnection(wrapped, new StubDataSource())).isSameAs(wrapped);
    }

    @Test
    void aPoolProxyAroundAConnectionThisGuardWrappedIsReturnedAsIsSoNoDdlIsHeardTwice() throws SQLException {
        Connection inner = guard.wrapConnection(new StubConnection(), new StubDataSource());
        Connection poolProxy = proxyAround(inner);

        Connection outer = guard.wrapConnection(poolProxy, new StubDataSource());
        try (Statement s = outer.createStatement()) {
            s.execute("CREATE TABLE users (id int)");
        }

        assertThat(outer).isSameAs(poolProxy);
        assertThat(heard).hasSize(1);
    }

    @Test
    void anotherGuardsConnectionIsWrappedAgainByThisOne() throws SQLException {
        Connection theirs = DdlGuard.builder().dialect(Dialect.ORACLE).build()
                .wrapConnection(new StubConnection(), new StubDataSource());

        Connection ours = guard.wrapConnection(theirs, new StubDataSource());

        assertThat(ours).isNotSameAs(theirs);
        assertThat(((DdlConnection) ours).delegate()).isSameAs(theirs);
    }

    /** A pool's proxy: delegates everything, as HikariCP's does, including unwrap and isWrapperFor. */
    private static Connection proxyAround(Connection target) {
        return (Connection) Proxy.newProxyInstance(WrapConnectionTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("isWrapperFor")) {
                        Class<?> iface = (Class<?>) args[0];
                        return iface.isInstance(target) || target.isWrapperFor(iface);
                    }
                    if (method.getName().equals("unwrap")) {
                        Class<?> iface = (Class<?>) args[0];
                        return iface.isInstance(target) ? target : target.unwrap(iface);
                    }
                    return method.invoke(target, args);
                });
    }
}
