package io.ddlguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: a guard built without metrics loads, wraps and runs DDL in a class loader
 * that has ddlguard but no Micrometer.
 */
class WithoutMicrometerTest {

    @Test
    void aGuardWithoutMetricsRunsWhereMicrometerIsMissing() throws Exception {
        List<String> executed = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(classPathWithout("micrometer", "HdrHistogram",
                "LatencyUtils"), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);

            Class<?> guardClass = loader.loadClass("io.ddlguard.DdlGuard");
            Object builder = guardClass.getMethod("builder").invoke(null);
            Class<?> dialectClass = loader.loadClass("io.ddlguard.element.Dialect");
            Object oracle = dialectClass.getField("ORACLE").get(null);
            builder = builder.getClass().getMethod("dialect", dialectClass).invoke(builder, oracle);
            Object guard = builder.getClass().getMethod("build").invoke(builder);
            DataSource wrapped = (DataSource) guardClass.getMethod("wrap", DataSource.class)
                    .invoke(guard, recordingDataSource(executed));

            try (Connection c = wrapped.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE users");
                s.execute("SELECT 1");
            }
            assertThat(wrapped.getClass().getClassLoader()).isSameAs(loader);
        }
        assertThat(executed).containsExactly("DROP TABLE users", "SELECT 1");
    }

    private static URL[] classPathWithout(String... excluded) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            boolean keep = true;
            for (String name : excluded) {
                keep &= !new File(entry).getName().contains(name);
            }
            if (keep) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** A driver made of proxies: statements record the SQL they are given; everything else returns a default. */
    private static DataSource recordingDataSource(List<String> executed) {
        InvocationHandler statement = (proxy, method, args) -> {
            if (method.getName().startsWith("execute") && args != null && args[0] instanceof String sql) {
                executed.add(sql);
            }
            return defaultValue(method);
        };
        InvocationHandler connection = (proxy, method, args) -> method.getReturnType() == Statement.class
                ? proxy(Statement.class, statement) : defaultValue(method);
        return proxy(DataSource.class, (proxy, method, args) -> method.getReturnType() == Connection.class
                ? proxy(Connection.class, connection) : defaultValue(method));
    }

    private static Object defaultValue(Method method) {
        Class<?> type = method.getReturnType();
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(WithoutMicrometerTest.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }
}
