package io.ddlguard.spring;

import io.ddlguard.DdlGuard;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Wrapper;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps every {@link DataSource} bean with the application's {@link DdlGuard}, except the beans named in
 * {@code ddlguard.excluded-beans} and those that delegate to a bean it wrapped already (Spring's
 * {@code TransactionAwareDataSourceProxy} or {@code LazyConnectionDataSourceProxy} over the pool bean): each
 * statement is then heard and checked once.
 *
 * <p>The bean keeps its own type: it is replaced by a class-based proxy of the pool (a subclass of, say,
 * {@code HikariDataSource}) whose {@code DataSource} methods ({@code getConnection}, {@code createConnectionBuilder},
 * {@code unwrap}, {@code isWrapperFor}) go through the guard and whose other methods ({@code close()}, the pool's
 * MXBean, its configuration) reach the pool itself. So injection points typed as the pool still match, Spring Boot's
 * {@code DataSourceUnwrapper} still finds the pool for its metrics and health, and Boot closes the pool on shutdown.
 * A data source whose class cannot be subclassed (final, or with final public methods that a proxy could not route)
 * is wrapped as a plain {@code DataSource} instead, and an injection point of its own type no longer matches it.
 * The guard and the properties are looked up on the first data source, not when the post-processor is created.
 * Thread-safe.
 */
public final class DataSourceWrapper implements BeanPostProcessor {

    private static final Log LOG = LogFactory.getLog(DataSourceWrapper.class);
    /** Per method called on a proxy: the {@code DataSource} method the guard answers it with, or empty. */
    private static final Map<Method, Optional<Method>> ROUTES = new ConcurrentHashMap<>();

    private final ObjectProvider<DdlGuard> guard;
    private final ObjectProvider<DdlGuardProperties> properties;

    DataSourceWrapper(ObjectProvider<DdlGuard> guard, ObjectProvider<DdlGuardProperties> properties) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !properties.getObject().getExcludedBeans().contains(beanName)) {
            DataSource guarded = guard.getObject().wrap(dataSource);
            if (guarded == dataSource) {
                return bean; // it delegates to a data source the guard wraps already: a proxy over a pool bean
            }
            if (!subclassable(dataSource.getClass())) {
                LOG.warn(plainWrapper(beanName, dataSource, "its class or one of its public methods is final"));
                return guarded;
            }
            try {
                ProxyFactory proxy = new ProxyFactory(dataSource);
                proxy.setProxyTargetClass(true);
                proxy.addAdvice((MethodInterceptor) call -> {
                    Method m = dataSourceMethod(call.getMethod());
                    if (m == null) {
                        return call.proceed();
                    }
                    try {
                        return m.invoke(guarded, call.getArguments());
                    } catch (InvocationTargetException e) {
                        throw e.getCause(); // the driver's or the guard's own SQLException, unchanged
                    }
                });
                return proxy.getProxy(dataSource.getClass().getClassLoader());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn(plainWrapper(beanName, dataSource, e.toString()));
                return guarded;
            }
        }
        return bean;
    }

    private static String plainWrapper(String beanName, DataSource dataSource, String why) {
        return "ddlguard: bean '" + beanName + "' of type " + dataSource.getClass().getName() + " cannot keep its own "
                + "type (" + why + "); it is wrapped as a plain DataSource, and injection points of its own type will "
                + "not match it";
    }

    /**
     * The {@code DataSource} (or {@code Wrapper}) method that {@code m} implements, which the guard answers; else
     * null. Looked up once per method: every {@code getConnection()} passes through here.
     */
    private static Method dataSourceMethod(Method m) {
        return ROUTES.computeIfAbsent(m, DataSourceWrapper::lookUp).orElse(null);
    }

    private static Optional<Method> lookUp(Method m) {
        try {
            Method declared = DataSource.class.getMethod(m.getName(), m.getParameterTypes());
            Class<?> owner = declared.getDeclaringClass();
            return owner == DataSource.class || owner == Wrapper.class ? Optional.of(declared) : Optional.empty();
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    /** Whether a class proxy can route every public method: the class and none of its public methods final. */
    private static boolean subclassable(Class<?> type) {
        if (Modifier.isFinal(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
            return false;
        }
        for (Method m : type.getMethods()) {
            if (Modifier.isFinal(m.getModifiers()) && m.getDeclaringClass() != Object.class) {
                return false;
            }
        }
        return true;
    }
}
