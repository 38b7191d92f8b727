package io.ddlguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddlguard.spring.jpa.Author;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.ddlguard.event.DdlListener;

/**
 * Spring Boot with Hibernate's {@code ddl-auto=create-drop} on embedded PostgreSQL, through the starter: the
 * headline case of the guard. At shutdown Hibernate drops its tables; a connection left in a transaction that read
 * one makes that drop wait forever without ddlguard, and every later query of the table queue behind it. Hibernate
 * catches the exception and logs only {@code HHH000478: Unsuccessful: drop table ...}, so the refusal must be in
 * the log by ddlguard's own WARN line.
 */
class HibernateDdlAutoTest {

    private static final EmbeddedPostgres postgres = TestPostgres.server();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class,
                    DdlGuardAutoConfiguration.class))
            .withUserConfiguration(Entities.class)
            .withPropertyValues("spring.datasource.username=postgres", "spring.jpa.hibernate.ddl-auto=create-drop",
                    "spring.jpa.open-in-view=false", "ddlguard.lock-wait=1s");

    @Test
    void createDropWithALeakedTransactionAtShutdownEndsWithinTheBoundAndSaysWhyTheTableWasLeft() throws Exception {
        String url = postgres.getJdbcUrl("postgres", "postgres");
        runner.withPropertyValues("spring.datasource.url=" + url).run(context -> {
            List<String> heard = context.getBean(Heard.class).events;
            assertThat(heard).contains("BEFORE_CREATE table author", "AFTER_CREATE table author");
            heard.clear();
            try (Connection leaked = postgres.getPostgresDatabase().getConnection()) {
                leaked.setAutoCommit(false);
                execute(leaked, "SELECT count(*) FROM author"); // a report job's transaction, never ended

                long start = System.nanoTime();
                String log = Stderr.during(context::close);
                Duration shutdown = Duration.ofNanos(System.nanoTime() - start);

                assertThat(shutdown).as("shutdown returns instead of hanging on the drop")
                        .isLessThan(Duration.ofSeconds(10));
                assertThat(log).contains("WARN io.ddlguard.internal.guard.PolicyGuard",
                        "drop table if exists author cascade was not run", "AccessShareLock on public.author",
                        "idle in transaction");
                assertThat(heard).as("a refused statement fires no events").isEmpty();
                leaked.rollback();
            }
            try (Connection c = postgres.getPostgresDatabase().getConnection()) {
                execute(c, "SELECT count(*) FROM author"); // left behind, as the log says
                execute(c, "DROP TABLE author");
            }
        });
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The events the application heard. */
    static class Heard {
        final List<String> events = new CopyOnWriteArrayList<>();
    }

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Author.class)
    static class Entities {
        @Bean
        Heard heard() {
            return new Heard();
        }

        @Bean
        DdlListener recordEverything(Heard heard) {
            return ctx -> heard.events.add(ctx.event() + " " + ctx.target());
        }
    }
}
