package io.ddlguard.spring;

import io.ddlguard.DdlGuard;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.DdlListener;
import io.ddlguard.event.Target;
import io.ddlguard.metrics.DdlGuardMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * Spring Boot auto-configuration of ddlguard: a {@link DdlEvents} of the application's {@link DdlListener} and
 * {@link DdlListenerRegistrationBean} beans, a {@link DdlGuard} from the {@code ddlguard.*} properties, every
 * {@link DataSource} bean wrapped by it, and, when Micrometer and a {@code MeterRegistry} are present, its
 * {@link DdlGuardMetrics}. Off with {@code ddlguard.enabled=false}.
 *
 * <p>A plain {@link DdlListener} bean hears every event on every object ({@code Target.any()}); it can read
 * {@code ctx.event()}. Registration beans are registered first, then plain listeners, each group in
 * {@link org.springframework.core.Ordered} order.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({DdlGuard.class, DataSource.class})
@ConditionalOnProperty(prefix = "ddlguard", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(DdlGuardProperties.class)
public class DdlGuardAutoConfiguration {

    /** The listeners: registration beans, then plain listener beans for every event. */
    @Bean
    @ConditionalOnMissingBean
    public DdlEvents ddlEvents(ObjectProvider<DdlListenerRegistrationBean> registrations,
                               ObjectProvider<DdlListener> listeners) {
        DdlEvents events = new DdlEvents();
        registrations.orderedStream().forEach(r -> events.listen(r.target(), r.event(), r.listener()));
        listeners.orderedStream().forEach(listener -> {
            for (DdlEvent event : DdlEvent.values()) {
                events.listen(Target.any(), event, listener);
            }
        });
        return events;
    }

    /** The guard every DataSource bean is wrapped with. */
    @Bean
    @ConditionalOnMissingBean
    public DdlGuard ddlGuard(DdlGuardProperties properties, DdlEvents events,
                             ObjectProvider<DdlGuardBuilderCustomizer> customizers) {
        DdlGuard.Builder builder = DdlGuard.builder()
                .events(events)
                .dropPolicy(properties.getDropPolicy())
                .lockWait(properties.getLockWait())
                .attemptTimeout(properties.getAttemptTimeout())
                .poolMode(properties.getPoolMode())
                .logRefusals(properties.isLogRefusals())
                .captureStackTraces(properties.isCaptureStackTraces());
        if (properties.getListenerTimeout() != null) {
            builder = builder.listenerTimeout(properties.getListenerTimeout());
        }
        for (DdlGuardBuilderCustomizer customizer : customizers.orderedStream().toList()) {
            builder = customizer.customize(builder);
        }
        return builder.build();
    }

    /** Wraps the DataSource beans; static, as a post-processor must be, so that it is registered early. */
    @Bean
    public static DataSourceWrapper ddlGuardDataSourceWrapper(ObjectProvider<DdlGuard> guard,
                                                              ObjectProvider<DdlGuardProperties> properties) {
        return new DataSourceWrapper(guard, properties);
    }

    /** ddlguard's meters, bound by Spring Boot to every MeterRegistry; only with Micrometer and a registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        DdlGuardMetrics ddlGuardMetrics() {
            return new DdlGuardMetrics();
        }

        @Bean
        DdlGuardBuilderCustomizer ddlGuardMetricsCustomizer(DdlGuardMetrics metrics) {
            return builder -> builder.metrics(metrics);
        }
    }
}
