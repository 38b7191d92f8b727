package io.ddlguard.spring;

import io.ddlguard.DdlGuard;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import javax.sql.DataSource;
import java.util.Objects;

/**
 * Wraps every {@link DataSource} bean with the application's {@link DdlGuard}, except the beans named in
 * {@code ddlguard.excluded-beans}. The wrapper keeps JDBC's {@code unwrap}/{@code isWrapperFor}, which is how
 * Spring Boot's {@code DataSourceUnwrapper} still finds the pool for its metrics and health. Inject such beans as
 * {@code DataSource}: an injection point of the pool's own type ({@code HikariDataSource}) no longer matches. The
 * guard and the properties are looked up on the first data source, not when the post-processor is created.
 * Thread-safe.
 */
public final class DataSourceWrapper implements BeanPostProcessor {

    private final ObjectProvider<DdlGuard> guard;
    private final ObjectProvider<DdlGuardProperties> properties;

    DataSourceWrapper(ObjectProvider<DdlGuard> guard, ObjectProvider<DdlGuardProperties> properties) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !properties.getObject().getExcludedBeans().contains(beanName)) {
            return guard.getObject().wrap(dataSource);
        }
        return bean;
    }
}
