package io.ddlguard.internal.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import javax.sql.DataSource;

/**
 * The name a connection pool gives itself, read without a compile-time dependency on the pool: HikariCP's
 * {@code getPoolName()}. HikariCP names a pool configured without a name only when the pool starts, at its first
 * {@code getConnection()}, so the name may be unknown at first. Stateless.
 */
public final class PoolName {

    private PoolName() {
    }

    /** Whether {@code dataSource} is a pool that names itself (it has a public {@code getPoolName()}). */
    public static boolean isNamedPool(DataSource dataSource) {
        return getter(dataSource) != null;
    }

    /** The pool's name, or null when {@code dataSource} is not such a pool or has no name yet. */
    public static String of(DataSource dataSource) {
        Method getter = getter(dataSource);
        if (getter == null) {
            return null;
        }
        try {
            Object name = getter.invoke(dataSource);
            return name instanceof String s && !s.isBlank() ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Method getter(DataSource dataSource) {
        try {
            Method m = dataSource.getClass().getMethod("getPoolName");
            return m.getReturnType() == String.class && Modifier.isPublic(m.getDeclaringClass().getModifiers())
                    ? m : null;
        } catch (NoSuchMethodException | SecurityException e) {
            return null;
        }
    }
}
