package io.ddlguard.it;

import com.zaxxer.hikari.HikariDataSource;
import io.ddlguard.DropBlockedException;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.it.PooledDatabase.POSTGRESQL;
import static io.ddlguard.it.Sessions.pid;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A Liquibase changelog run through a guarded data source: every statement of a changeset, and of Liquibase's own
 * tracking tables, fires its events in order; a changeset another session blocks is refused naming that session.
 */
class LiquibaseMigrationIT {

    private static final String CHANGELOG = "migrations/liquibase/changelog.sql";

    @BeforeAll
    static void quietLiquibase() {
        // No usage reporting from a test run.
        System.setProperty("liquibase.analytics.enabled", "false");
    }

    @ParameterizedTest
    @EnumSource(value = PooledDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void eachStatementOfAChangesetFiresItsEventsInOrder(PooledDatabase db) throws Exception {
        MigrationEvents events = new MigrationEvents();
        try (HikariDataSource pool = db.open("liquibase_events_" + db.name().toLowerCase(Locale.ROOT), 4)) {
            update(events.guard(pool), CHANGELOG);

            assertThat(events.without("databasechangelog")).containsExactly(
                    "before_create table customer", "after_create table customer",
                    "before_create index ix_customer_name", "after_create index ix_customer_name",
                    "before_alter table customer", "after_alter table customer",
                    "before_create table orders", "after_create table orders",
                    "before_create table legacy", "after_create table legacy",
                    "before_drop table legacy", "after_drop table legacy");
            assertThat(events.all()).contains("before_create table databasechangeloglock",
                    "after_create table databasechangelog");
            try (Connection c = pool.getConnection()) {
                assertThat(db.tableExists(c, "orders")).isTrue();
                assertThat(db.indexesOf(c, "customer")).contains("ix_customer_name");
                assertThat(PooledDatabase.single(c, "SELECT count(*) FROM DATABASECHANGELOG")).isEqualTo(3);
            }
        }
    }

    @Test
    void aChangesetBlockedByAnotherSessionIsRefusedNamingIt() throws Exception {
        MigrationEvents events = new MigrationEvents();
        ExecutorService reportJob = Executors.newSingleThreadExecutor(r -> new Thread(r, "report-job"));
        try (HikariDataSource pool = POSTGRESQL.open("liquibase_blocked", 4)) {
            DataSource ds = events.guard(pool);
            update(ds, CHANGELOG);
            Connection reader = reportJob.submit(() -> {
                Connection c = ds.getConnection();
                c.setAutoCommit(false);
                readAll(c, "select * from orders");
                return c;
            }).get(30, TimeUnit.SECONDS);
            try {
                Throwable failed = catchThrowable(() -> update(ds, "migrations/liquibase/with-blocked.yaml"));

                DropBlockedException refused = MigrationEvents.blocked(failed);
                assertThat((Throwable) refused).as("the cause of %s", failed).isNotNull();
                assertThat(refused.blockers()).extracting(h -> h.pid().getAsLong())
                        .containsOnly((long) pid(reader));
                assertThat(refused.getMessage()).contains("by thread \"report-job\"")
                        .doesNotContain("opened by Liquibase");
            } finally {
                reader.rollback();
                reader.close();
                reportJob.shutdown();
            }
            try (Connection c = pool.getConnection()) {
                assertThat(POSTGRESQL.tableExists(c, "orders")).isTrue();
            }
        }
    }

    /** Liquibase's {@code update} of {@code changelog} (a class-path resource) on one connection of {@code ds}. */
    private static void update(DataSource ds, String changelog) throws Exception {
        try (Connection c = ds.getConnection()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor()), () ->
                    new CommandScope("update")
                            .addArgumentValue("database", database)
                            .addArgumentValue("changelogFile", changelog)
                            .execute());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
