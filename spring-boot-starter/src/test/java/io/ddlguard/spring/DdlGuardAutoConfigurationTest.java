package io.ddlguard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import io.ddlguard.ConnectionOrigin;
import io.ddlguard.DdlGuard;
import io.ddlguard.DdlVetoException;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlListener;
import io.ddlguard.event.Target;
import io.ddlguard.metrics.DdlGuardMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.jdbc.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * The starter in real application contexts on embedded PostgreSQL: what it wraps, which listener beans fire, how
 * the properties bind, and that Spring Boot's own DataSource consumers (pool metrics, Flyway, Liquibase) still
 * work through the wrapper.
 */
class DdlGuardAutoConfigurationTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final EmbeddedPostgres postgres = TestPostgres.server();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DdlGuardAutoConfiguration.class))
            .withPropertyValues("spring.datasource.username=postgres", "spring.flyway.enabled=false",
                    "spring.liquibase.enabled=false");

    /** A fresh database on the shared server: its JDBC URL. */
    private static String newDatabase() {
        String name = "starter_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    private ApplicationContextRunner onNewDatabase() {
        return runner.withPropertyValues("spring.datasource.url=" + newDatabase());
    }

    @Test
    void theDataSourceBeanIsWrappedAndStillUnwrapsToThePool() {
        onNewDatabase().run(context -> {
            DataSource ds = context.getBean(DataSource.class);

            assertThat(ds.isWrapperFor(HikariDataSource.class)).isTrue();
            HikariDataSource pool = ds.unwrap(HikariDataSource.class);
            assertThat(pool.isClosed()).isFalse();
            try (Connection c = ds.getConnection()) {
                assertThat(c.getClass().getName()).startsWith("io.ddlguard.");
                assertThat(c.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
            }
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isPositive();
            assertThat(context).hasSingleBean(DdlGuard.class);
        });
    }

    @Test
    void thePoolIsStillInjectableAsItsOwnTypeAndItsConnectionsAreGuarded() throws SQLException {
        AtomicReference<HikariDataSource> bean = new AtomicReference<>();
        onNewDatabase().withUserConfiguration(Listeners.class).run(context -> {
            HikariDataSource pool = context.getBean(HikariDataSource.class);
            bean.set(pool);

            execute(pool, "CREATE TABLE users (id int)");

            assertThat(context.getBean(Listeners.class).everything)
                    .containsExactly("BEFORE_CREATE table users", "AFTER_CREATE table users");
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isPositive();
            assertThat(pool.getJdbcUrl()).startsWith("jdbc:postgresql:");
            assertThatThrownBy(() -> execute(pool, "DROP TABLE users")).isInstanceOf(DdlVetoException.class);
        });
        // closing the context closed the pool through the proxy: close() reached the real pool
        assertThat(bean.get().isClosed()).isTrue();
        assertThat(bean.get().unwrap(HikariDataSource.class).isClosed()).isTrue();
    }

    @Test
    void listenerBeansFireAndARegistrationBeanHearsOnlyItsTarget() {
        onNewDatabase().withUserConfiguration(Listeners.class).run(context -> {
            execute(context.getBean(DataSource.class), "CREATE TABLE users (id int)", "CREATE TABLE orders (id int)");

            Listeners listeners = context.getBean(Listeners.class);
            assertThat(listeners.everything).containsExactly("BEFORE_CREATE table users", "AFTER_CREATE table users",
                    "BEFORE_CREATE table orders", "AFTER_CREATE table orders");
            assertThat(listeners.usersOnly).containsExactly("AFTER_CREATE table users");
            assertThatThrownBy(() -> execute(context.getBean(DataSource.class), "DROP TABLE users"))
                    .isInstanceOf(DdlVetoException.class);
        });
    }

    @Test
    void propertiesConfigureTheGuard() {
        onNewDatabase().withPropertyValues("ddlguard.drop-policy=wait", "ddlguard.lock-wait=750ms",
                "ddlguard.attempt-timeout=20ms", "ddlguard.listener-timeout=2s", "ddlguard.pool-mode=session",
                "ddlguard.log-refusals=false")
                .run(context -> {
                    DdlGuard guard = context.getBean(DdlGuard.class);

                    assertThat(guard.dropPolicy()).isEqualTo(DropPolicy.WAIT);
                    assertThat(guard.lockWait()).isEqualTo(Duration.ofMillis(750));
                    assertThat(guard.attemptTimeout()).isEqualTo(Duration.ofMillis(20));
                    assertThat(guard.poolMode()).isEqualTo(io.ddlguard.PoolMode.SESSION);
                    assertThat(guard.logRefusals()).isFalse();
                    assertThat(guard.listenerTimeout()).hasValue(Duration.ofSeconds(2));
                });
    }

    @Test
    void aRefusalThatSpringsScriptRunnerSwallowsIsStillLoggedOnceAtWarnWithItsReport() {
        onNewDatabase().withPropertyValues("ddlguard.lock-wait=300ms").run(context -> {
            DataSource ds = context.getBean(DataSource.class);

            String log = swallowedDropWhileARead(ds);

            assertThat(log.lines().filter(l -> l.contains("WARN io.ddlguard.internal.guard.PolicyGuard"))).hasSize(1);
            assertThat(log).contains("DROP TABLE audit was not run", "pid ", "AccessShareLock");
            execute(ds, "SELECT * FROM audit"); // the script went on as if nothing happened; the table is still there
        });
    }

    @Test
    void logRefusalsFalseLeavesTheRefusalToWhoeverCatchesIt() {
        onNewDatabase().withPropertyValues("ddlguard.lock-wait=300ms", "ddlguard.log-refusals=false").run(context -> {
            DataSource ds = context.getBean(DataSource.class);

            assertThat(swallowedDropWhileARead(ds)).doesNotContain("was not run");
        });
    }

    /**
     * What standard error (where slf4j-simple writes) shows while a script run with {@code continueOnError}, as
     * Spring's runner does for {@code spring.sql.init.continue-on-error}, drops a table another connection reads in
     * an open transaction: the runner logs the failure at DEBUG and goes on.
     */
    private static String swallowedDropWhileARead(DataSource ds) throws SQLException {
        execute(ds, "CREATE TABLE audit (id int)");
        try (Connection reader = ds.getConnection()) {
            reader.setAutoCommit(false);
            execute(reader, "SELECT * FROM audit");
            ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
                    new ByteArrayResource("DROP TABLE audit".getBytes(StandardCharsets.UTF_8)));
            populator.setContinueOnError(true);
            String log = Stderr.during(() -> DatabasePopulatorUtils.execute(populator, ds));
            reader.rollback();
            return log;
        }
    }

    @Test
    void springsDelegatingDataSourcesOverAGuardedPoolHearAndCheckEachStatementOnce() {
        onNewDatabase().withUserConfiguration(Listeners.class, Delegating.class).run(context -> {
            Listeners listeners = context.getBean(Listeners.class);
            Delegating delegating = context.getBean(Delegating.class);
            List<DataSource> proxies = List.of(context.getBean(TransactionAwareDataSourceProxy.class),
                    context.getBean(LazyConnectionDataSourceProxy.class), context.getBean(Routing.class));

            for (DataSource proxy : proxies) {
                assertThat(proxy.getClass().getName()).as("left as it is").doesNotContain("CGLIB");
                execute(proxy, "CREATE TABLE t1 (id int)", "DROP TABLE t1");
            }
            delegating.key.set("second");
            execute(context.getBean(Routing.class), "CREATE TABLE t2 (id int)");

            assertThat(listeners.everything).containsExactly(
                    "BEFORE_CREATE table t1", "AFTER_CREATE table t1", "BEFORE_DROP table t1", "AFTER_DROP table t1",
                    "BEFORE_CREATE table t1", "AFTER_CREATE table t1", "BEFORE_DROP table t1", "AFTER_DROP table t1",
                    "BEFORE_CREATE table t1", "AFTER_CREATE table t1", "BEFORE_DROP table t1", "AFTER_DROP table t1",
                    "BEFORE_CREATE table t2", "AFTER_CREATE table t2");
        });
    }

    @Test
    void aLeakedConnectionIsNamedByTheApplicationsMethodWithTheJitColdAndWarm() {
        onNewDatabase().withUserConfiguration(ReportJob.class).run(context -> {
            DataSource ds = context.getBean(DataSource.class);
            ReportJob job = context.getBean(ReportJob.class);
            execute(ds, "CREATE TABLE report (id int)");

            // cold: the first borrows through the starter's proxy call the guard by the native reflection accessor
            assertTheReportNamesTheJob(ds, job);
            for (int i = 0; i < 200; i++) {
                ds.getConnection().close(); // warm: by now the JVM has generated an accessor
            }
            assertTheReportNamesTheJob(ds, job);
        });
    }

    private static void assertTheReportNamesTheJob(DataSource ds, ReportJob job) throws SQLException {
        try (Connection leaked = job.leakyReportJob()) {
            DropBlockedException refused = catchThrowableOfType(() -> execute(ds, "DROP TABLE report"),
                    DropBlockedException.class);

            ConnectionOrigin origin = refused.blockers().get(0).origin().orElseThrow();
            assertThat(origin.caller()).hasValueSatisfying(f -> {
                assertThat(f.getClassName()).isEqualTo(ReportJob.class.getName());
                assertThat(f.getMethodName()).isEqualTo("leakyReportJob");
            });
            assertThat(origin.openedBy()).isEmpty();
            String firstFrame = refused.getMessage().lines().filter(l -> l.strip().startsWith("at ")).findFirst()
                    .orElseThrow();
            assertThat(firstFrame.strip()).startsWith("at " + ReportJob.class.getName() + ".leakyReportJob(");
            leaked.rollback();
        }
    }

    @Test
    void theDefaultsAreTheGuardsOwn() {
        onNewDatabase().run(context -> {
            DdlGuard guard = context.getBean(DdlGuard.class);

            assertThat(guard.dropPolicy()).isEqualTo(DropPolicy.FAIL);
            assertThat(guard.lockWait()).isEqualTo(DdlGuard.DEFAULT_LOCK_WAIT);
            assertThat(guard.attemptTimeout()).isEqualTo(DdlGuard.DEFAULT_ATTEMPT_TIMEOUT);
            assertThat(guard.logRefusals()).isTrue();
            assertThat(guard.listenerTimeout()).isEmpty();
        });
    }

    @Test
    void disabledLeavesTheDataSourceAsItIs() {
        onNewDatabase().withPropertyValues("ddlguard.enabled=false").run(context -> {
            assertThat(context.getBean(DataSource.class).getClass()).isEqualTo(HikariDataSource.class);
            assertThat(context).doesNotHaveBean(DdlGuard.class);
        });
    }

    @Test
    void anExcludedBeanIsLeftUnwrapped() {
        String url = newDatabase();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DdlGuardAutoConfiguration.class))
                .withBean("reporting", DataSource.class, () -> pool(url))
                .withBean("primary", DataSource.class, () -> pool(url))
                .withPropertyValues("ddlguard.excluded-beans=reporting")
                .run(context -> {
                    assertThat(context.getBean("reporting").getClass()).isEqualTo(HikariDataSource.class);
                    assertThat(context.getBean("primary").getClass()).isNotEqualTo(HikariDataSource.class);
                    try (Connection c = ((DataSource) context.getBean("reporting")).getConnection()) {
                        assertThat(c.getClass().getName()).doesNotStartWith("io.ddlguard.");
                    }
                    try (Connection c = ((DataSource) context.getBean("primary")).getConnection()) {
                        assertThat(c.getClass().getName()).startsWith("io.ddlguard.");
                    }
                });
    }

    @Test
    void metersAppearBesideSpringBootsOwnPoolMetrics() {
        onNewDatabase()
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                        DataSourcePoolMetricsAutoConfiguration.class))
                .run(context -> {
                    execute(context.getBean(DataSource.class), "CREATE TABLE metered (id int)");
                    MeterRegistry registry = context.getBean(MeterRegistry.class);

                    assertThat(context).hasSingleBean(DdlGuardMetrics.class);
                    assertThat(registry.get("ddlguard.statements").tags("operation", "create", "object.type",
                            "table", "dialect", "postgresql", "outcome", "success").timer().count()).isEqualTo(1);
                    assertThat(registry.get("ddlguard.guard.checks").timer().count()).isEqualTo(1);
                    // HikariCP's own meters, which Spring Boot binds after unwrapping the pool from the wrapper.
                    assertThat(registry.get("hikaricp.connections").gauge().value()).isPositive();
                    assertThat(registry.get("jdbc.connections.max").gauge().value()).isPositive();
                });
    }

    @Test
    void withoutAMeterRegistryThereIsNoBinder() {
        onNewDatabase().run(context -> assertThat(context).doesNotHaveBean(DdlGuardMetrics.class));
    }

    @Test
    void flywaysAutoConfigurationMigratesThroughTheGuard() {
        onNewDatabase().withUserConfiguration(Listeners.class)
                .withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
                .withPropertyValues("spring.flyway.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    List<String> fired = context.getBean(Listeners.class).everything;
                    assertThat(fired).containsSubsequence("BEFORE_CREATE table customer", "AFTER_CREATE table customer",
                            "BEFORE_CREATE index ix_customer_name", "AFTER_CREATE index ix_customer_name");
                    assertThat(fired.get(0)).contains("flyway_schema_history");
                });
    }

    @Test
    void liquibasesAutoConfigurationMigratesThroughTheGuard() {
        onNewDatabase().withUserConfiguration(Listeners.class)
                .withConfiguration(AutoConfigurations.of(LiquibaseAutoConfiguration.class))
                .withPropertyValues("spring.liquibase.enabled=true",
                        "spring.liquibase.change-log=classpath:db/changelog/changelog.sql")
                .withSystemProperties("liquibase.analytics.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    List<String> fired = context.getBean(Listeners.class).everything;
                    assertThat(fired).containsSubsequence("BEFORE_CREATE table invoice", "AFTER_CREATE table invoice");
                    assertThat(fired.get(0).toLowerCase(java.util.Locale.ROOT)).contains("databasechangelog");
                });
    }

    @Test
    void thePropertiesAreDocumentedInConfigurationMetadata() throws IOException {
        String metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String property : List.of("enabled", "drop-policy", "lock-wait", "attempt-timeout",
                "capture-stack-traces", "listener-timeout", "pool-mode", "log-refusals", "excluded-beans")) {
            assertThat(metadata).contains("\"name\": \"ddlguard." + property + "\"");
        }
        assertThat(metadata).contains("\"defaultValue\": \"5s\"", "\"defaultValue\": \"100ms\"");
        assertThat(metadata.split("\"description\"")).hasSize(10);
    }

    private static HikariDataSource pool(String url) {
        return DataSourceBuilder.create().type(HikariDataSource.class).url(url).username("postgres").build();
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void execute(DataSource ds, String... sqls) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : sqls) {
                s.execute(sql);
            }
        }
    }

    /** An application bean that borrows a connection and leaves it open in a transaction. */
    static class ReportJob {
        private final DataSource dataSource;

        ReportJob(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        Connection leakyReportJob() throws SQLException {
            Connection c = dataSource.getConnection();
            c.setAutoCommit(false);
            execute(c, "SELECT * FROM report");
            return c;
        }
    }

    /** Spring's delegating data sources over pool beans that the starter wraps. */
    @Configuration(proxyBeanMethods = false)
    static class Delegating {
        final AtomicReference<String> key = new AtomicReference<>("first");

        @Bean
        @Primary
        HikariDataSource first(Environment environment) {
            return pool(environment.getProperty("spring.datasource.url"));
        }

        @Bean
        HikariDataSource second(Environment environment) {
            return pool(environment.getProperty("spring.datasource.url"));
        }

        @Bean
        TransactionAwareDataSourceProxy transactionAware(HikariDataSource first) {
            return new TransactionAwareDataSourceProxy(first);
        }

        @Bean
        LazyConnectionDataSourceProxy lazy(HikariDataSource first) {
            return new LazyConnectionDataSourceProxy(first);
        }

        @Bean
        Routing routing(@Qualifier("first") DataSource first, @Qualifier("second") DataSource second) {
            Routing routing = new Routing(key);
            routing.setTargetDataSources(java.util.Map.of("first", first, "second", second));
            routing.setDefaultTargetDataSource(first);
            return routing;
        }
    }

    /** Routes to the pool {@code key} names. */
    static final class Routing extends AbstractRoutingDataSource {
        private final AtomicReference<String> key;

        Routing(AtomicReference<String> key) {
            this.key = key;
        }

        @Override
        protected Object determineCurrentLookupKey() {
            return key.get();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listeners {
        final List<String> everything = new CopyOnWriteArrayList<>();
        final List<String> usersOnly = new CopyOnWriteArrayList<>();

        @Bean
        @Order(1)
        DdlListener recordEverything() {
            return ctx -> everything.add(ctx.event() + " " + ctx.target());
        }

        @Bean
        @Order(2)
        DdlListener protectUsers() {
            return ctx -> {
                if (ctx.event() == DdlEvent.BEFORE_DROP && ctx.target().equals(Target.table("users"))) {
                    throw new SQLException("users is never dropped");
                }
            };
        }

        @Bean
        DdlListenerRegistrationBean usersCreated() {
            return new DdlListenerRegistrationBean(Target.table("users"), DdlEvent.AFTER_CREATE,
                    ctx -> usersOnly.add(ctx.event() + " " + ctx.target()));
        }
    }
}
