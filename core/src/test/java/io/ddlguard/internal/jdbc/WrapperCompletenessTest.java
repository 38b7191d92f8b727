package io.ddlguard.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ConnectionBuilder;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks, by reflection over the JDBC interfaces, that each wrapper implements every method itself (a method left
 * to an interface default would silently skip the driver) and passes each call to its delegate with the same
 * arguments, returning what the delegate returned.
 */
class WrapperCompletenessTest {

    private static final String PACKAGE = DdlConnection.class.getPackageName();

    /** The types a wrapper hands back wrapped, so that no path leads back to an unwrapped driver object. */
    private static final Set<Class<?>> WRAPPED_TYPES = Set.of(Connection.class, Statement.class,
            PreparedStatement.class, CallableStatement.class, ResultSet.class, DatabaseMetaData.class,
            ConnectionBuilder.class);

    /** Methods that deliberately do not delegate: they answer with the wrapper or follow the Wrapper contract. */
    private static final Set<String> NOT_DELEGATED = Set.of("unwrap", "isWrapperFor", "Statement.getConnection",
            "DatabaseMetaData.getConnection", "ResultSet.getStatement");

    private record Case(Class<?> jdbcType, Class<?> wrapperType, Function<Object, Object> wrap) {
        @Override
        public String toString() {
            return wrapperType.getSimpleName();
        }
    }

    private static Stream<Case> cases() {
        DdlConnection connection = new DdlConnection(new StubConnection(), StatementRouter.PASS_THROUGH);
        return Stream.of(
                new Case(DataSource.class, DdlDataSource.class,
                        d -> new DdlDataSource((DataSource) d, StatementRouter.PASS_THROUGH)),
                new Case(ConnectionBuilder.class, DdlConnectionBuilder.class,
                        d -> new DdlConnectionBuilder((ConnectionBuilder) d, StatementRouter.PASS_THROUGH)),
                new Case(Connection.class, DdlConnection.class,
                        d -> new DdlConnection((Connection) d, StatementRouter.PASS_THROUGH)),
                new Case(Statement.class, DdlStatement.class, d -> new DdlStatement(connection, (Statement) d)),
                new Case(PreparedStatement.class, DdlPreparedStatement.class,
                        d -> new DdlPreparedStatement(connection, (PreparedStatement) d, "SELECT 1")),
                new Case(CallableStatement.class, DdlCallableStatement.class,
                        d -> new DdlCallableStatement(connection, (CallableStatement) d, "{call p()}")),
                new Case(DatabaseMetaData.class, DdlDatabaseMetaData.class,
                        d -> new DdlDatabaseMetaData(connection, (DatabaseMetaData) d)),
                new Case(ResultSet.class, DdlResultSet.class, d -> new DdlResultSet((ResultSet) d, connection, null)));
    }

    private static Stream<Method> interfaceMethods(Class<?> jdbcType) {
        return Arrays.stream(jdbcType.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .sorted(Comparator.comparing(WrapperCompletenessTest::signature));
    }

    private static String signature(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + Arrays.stream(
                method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(",", "(", ")"));
    }

    @TestFactory
    Stream<DynamicTest> everyJdbcMethodIsImplementedByTheWrapperNotLeftToADefault() {
        return cases().flatMap(c -> interfaceMethods(c.jdbcType()).map(m -> DynamicTest.dynamicTest(
                c + " implements " + signature(m), () -> {
                    Method implementation = c.wrapperType().getMethod(m.getName(), m.getParameterTypes());
                    assertThat(implementation.getDeclaringClass().isInterface())
                            .as("%s is left to the interface default", signature(m)).isFalse();
                    assertThat(implementation.getDeclaringClass().getPackageName()).isEqualTo(PACKAGE);
                })));
    }

    @TestFactory
    Stream<DynamicTest> everyJdbcMethodPassesItsArgumentsToTheDelegateAndReturnsItsResult() {
        return cases().flatMap(c -> interfaceMethods(c.jdbcType())
                .filter(m -> !NOT_DELEGATED.contains(m.getName())
                        && !NOT_DELEGATED.contains(m.getDeclaringClass().getSimpleName() + "." + m.getName()))
                .map(m -> DynamicTest.dynamicTest(c + " delegates " + signature(m), () -> checkDelegation(c, m))));
    }

    private static void checkDelegation(Case c, Method method) throws Exception {
        RecordingHandler handler = new RecordingHandler(sample(method.getReturnType(), 0));
        Object delegate = Proxy.newProxyInstance(WrapperCompletenessTest.class.getClassLoader(),
                new Class<?>[] {c.jdbcType()}, handler);
        Object wrapper = c.wrap().apply(delegate);
        Class<?>[] types = method.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = sample(types[i], i + 1);
        }

        Object result;
        try {
            result = method.invoke(wrapper, args);
        } catch (InvocationTargetException e) {
            throw new AssertionError(signature(method) + " threw", e.getCause());
        }

        assertThat(handler.calls).as("calls reaching the delegate").hasSize(1);
        Method called = handler.calls.get(0).method();
        assertThat(called.getName()).isEqualTo(method.getName());
        assertThat(called.getParameterTypes()).isEqualTo(types);
        Object[] passed = handler.calls.get(0).args();
        for (int i = 0; i < types.length; i++) {
            if (types[i].isPrimitive()) {
                assertThat(passed[i]).as("argument %d", i).isEqualTo(args[i]);
            } else {
                assertThat(passed[i]).as("argument %d", i).isSameAs(args[i]);
            }
        }
        if (WRAPPED_TYPES.contains(method.getReturnType())) {
            assertThat(result.getClass().getPackageName()).as("a wrapped result").isEqualTo(PACKAGE);
        } else if (method.getReturnType().isPrimitive()) {
            assertThat(result).isEqualTo(handler.result);
        } else {
            assertThat(result).isSameAs(handler.result);
        }
    }

    private record Call(Method method, Object[] args) {
    }

    private static final class RecordingHandler implements InvocationHandler {

        final Object result;
        final List<Call> calls = new ArrayList<>();

        RecordingHandler(Object result) {
            this.result = result;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "recording delegate";
                };
            }
            calls.add(new Call(method, args == null ? new Object[0] : args));
            return result;
        }
    }

    /** A value of {@code type} distinct for each {@code position}, so swapped arguments are caught. */
    private static Object sample(Class<?> type, int position) throws Exception {
        if (type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return position % 2 == 0;
        }
        if (type == int.class) {
            return 1000 + position;
        }
        if (type == long.class) {
            return 2000L + position;
        }
        if (type == short.class) {
            return (short) (3000 + position);
        }
        if (type == byte.class) {
            return (byte) (10 + position);
        }
        if (type == float.class) {
            return 1.5f + position;
        }
        if (type == double.class) {
            return 2.5 + position;
        }
        if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 1);
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type.isInterface() && !type.equals(Map.class)) {
            return Proxy.newProxyInstance(WrapperCompletenessTest.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> {
                        throw new AssertionError("sample " + type.getSimpleName() + " used: " + method.getName());
                    });
        }
        Map<Class<?>, Object> values = new HashMap<>();
        values.put(String.class, "arg" + position);
        values.put(Object.class, new Object());
        values.put(Class.class, String.class);
        values.put(Map.class, new HashMap<String, Class<?>>());
        values.put(Properties.class, new Properties());
        values.put(Calendar.class, Calendar.getInstance());
        values.put(BigDecimal.class, new BigDecimal(position));
        values.put(Date.class, new Date(position));
        values.put(Time.class, new Time(position));
        values.put(Timestamp.class, new Timestamp(position));
        values.put(URL.class, URI.create("http://example.com/" + position).toURL());
        values.put(InputStream.class, new ByteArrayInputStream(new byte[position]));
        values.put(Reader.class, new StringReader("arg" + position));
        values.put(PrintWriter.class, new PrintWriter(Writer.nullWriter()));
        values.put(Logger.class, Logger.getLogger("sample" + position));
        values.put(SQLWarning.class, new SQLWarning("warning " + position));
        values.put(RowIdLifetime.class, RowIdLifetime.ROWID_UNSUPPORTED);
        Object value = values.get(type);
        if (value == null) {
            throw new AssertionError("no sample value for " + type.getName());
        }
        return value;
    }
}
