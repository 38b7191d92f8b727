package io.ddlguard.it;

import io.ddlguard.DdlGuard;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.Target;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a guarded DROP sends to a real PostgreSQL, with and without listeners: a listener that hears only the AFTER
 * event costs the statement no round trip (the check's lock timeout stays armed for the attempt), while a
 * BEFORE-listener makes the guard put its bound back before the listener runs and arm it again after.
 */
class ListenerRoundTripsIT {

    private final DataSource database = PostgresServer.newDatabase("listener_round_trips_it");
    private final List<String> sent = new ArrayList<>();

    @Test
    void aListenerOfTheAfterEventOnlyAddsNoRoundTripToTheGuardedStatement() throws SQLException {
        List<String> alone = guardedDrop(new DdlEvents());
        DdlEvents afterOnly = new DdlEvents();
        List<String> heard = new ArrayList<>();
        afterOnly.listen(Target.anyTable(), DdlEvent.AFTER_DROP, ctx -> heard.add(ctx.element().sql()));

        List<String> withAfterListener = guardedDrop(afterOnly);

        assertThat(heard).containsExactly("DROP TABLE t");
        assertThat(withAfterListener).isEqualTo(alone);
        assertThat(alone).as("the check's bound is armed once, for the check and the attempt")
                .filteredOn(s -> s.contains("set_config('lock_timeout'")).hasSize(1);
    }

    @Test
    void aBeforeListenerRunsWithoutTheGuardsBoundWhichIsArmedAgainForTheAttempt() throws SQLException {
        List<String> alone = guardedDrop(new DdlEvents());
        DdlEvents before = new DdlEvents();
        List<String> timeoutSeenByListener = new ArrayList<>();
        before.listen(Target.anyTable(), DdlEvent.BEFORE_DROP, ctx -> {
            try (Statement s = ctx.connection().createStatement();
                 var rs = s.executeQuery("show lock_timeout")) {
                rs.next();
                timeoutSeenByListener.add(rs.getString(1));
            }
        });

        List<String> withBeforeListener = guardedDrop(before);

        assertThat(timeoutSeenByListener).containsExactly("0");
        assertThat(withBeforeListener).filteredOn(s -> s.contains("set_config('lock_timeout'"))
                .hasSize(2);
        assertThat(withBeforeListener.size()).isGreaterThan(alone.size());
    }

    /** What the wrapped data source sent while {@code DROP TABLE t} ran guarded, in auto-commit. */
    private List<String> guardedDrop(DdlEvents events) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists t (id int)");
        }
        DataSource guarded = DdlGuard.builder().events(events).build().wrap(recording(database));
        try (Connection c = guarded.getConnection(); Statement s = c.createStatement()) {
            sent.clear();
            s.execute("DROP TABLE t");
            return sent.stream().filter(x -> !x.toLowerCase(Locale.ROOT).startsWith("show ")).toList();
        }
    }

    /** {@code real}, recording the text of every statement its connections send and every transaction call. */
    private DataSource recording(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return method.getName().equals("getConnection") ? recording((Connection) result) : result;
                });
    }

    private Connection recording(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("prepareStatement") || name.equals("prepareCall")) {
                        sent.add((String) args[0]);
                    } else if (name.equals("commit") || name.equals("rollback") || name.equals("setSavepoint")
                            || name.equals("releaseSavepoint")
                            || name.equals("setAutoCommit") && !((Boolean) args[0]).equals(invoke(real, "getAutoCommit"))) {
                        sent.add(name + (args == null ? "" : " " + args[0].getClass().getSimpleName()));
                    }
                    Object result = invoke(real, method, args);
                    return name.equals("createStatement") ? recording((Statement) result) : result;
                });
    }

    private Statement recording(Statement real) {
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("execute") && args != null && args[0] instanceof String sql) {
                        sent.add(sql);
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, String method) throws Throwable {
        return invoke(target, target.getClass().getMethod(method), null);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
