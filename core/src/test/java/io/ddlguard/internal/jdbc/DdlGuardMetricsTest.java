package io.ddlguard.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddlguard.DdlGuard;
import io.ddlguard.DdlListenerException;
import io.ddlguard.DdlVetoException;
import io.ddlguard.element.Dialect;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.Target;
import io.ddlguard.internal.parser.StatementParser;
import io.ddlguard.metrics.DdlGuardMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The meters of the dispatcher, through the wrappers and a driver that runs nothing (SQLite: no lock guard). */
class DdlGuardMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DdlGuardMetrics metrics = new DdlGuardMetrics(Tags.of("app", "test"));
    private final DdlEvents events = new DdlEvents();
    private final StubDataSource stub = new StubDataSource();
    private final DataSource dataSource = DdlGuard.builder().dialect(Dialect.ORACLE).events(events).metrics(metrics)
            .build().wrap(stub);

    DdlGuardMetricsTest() {
        metrics.bindTo(registry);
    }

    @Test
    void aDdlStatementIsTimedWithItsOperationObjectTypeDialectAndOutcome() throws SQLException {
        events.listen(Target.anyTable(), DdlEvent.AFTER_CREATE, ctx -> { });

        execute("CREATE TABLE users (id int)");

        Timer statements = registry.get("ddlguard.statements").tags("operation", "create", "object.type", "table",
                "dialect", "oracle", "outcome", "success", "app", "test").timer();
        assertThat(statements.count()).isEqualTo(1);
        Timer listeners = registry.get("ddlguard.listener.executions")
                .tags("event", "after_create", "outcome", "success").timer();
        assertThat(listeners.count()).isEqualTo(1);
    }

    @Test
    void aVetoIsCountedAsVetoedForTheStatementAndTheListener() throws SQLException {
        events.listen(Target.anyTable(), DdlEvent.BEFORE_DROP, ctx -> {
            throw new SQLException("never");
        });

        assertThatThrownBy(() -> execute("DROP TABLE users")).isInstanceOf(DdlVetoException.class);

        assertThat(registry.get("ddlguard.statements").tags("operation", "drop", "outcome", "vetoed").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("ddlguard.listener.executions").tags("event", "before_drop", "outcome", "vetoed")
                .timer().count()).isEqualTo(1);
        assertThat(registry.find("ddlguard.statements").tag("outcome", "success").timer()).isNull();
    }

    @Test
    void aDriverFailureAndAFailingAfterListenerAreErrors() throws SQLException {
        events.listen(Target.anyTable(), DdlEvent.AFTER_ALTER, ctx -> {
            throw new IllegalStateException("listener bug");
        });
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("ALTER TABLE users ADD COLUMN note text"))
                    .isInstanceOf(DdlListenerException.class);
            stub.lastConnection().lastStatement().failWith(new SQLException("no such table", "42P01"));
            assertThatThrownBy(() -> s.execute("ALTER TABLE users ADD COLUMN other text"))
                    .hasMessage("no such table");
        }

        assertThat(registry.get("ddlguard.statements").tags("operation", "alter", "object.type", "column",
                "outcome", "error").timer().count()).isEqualTo(2);
        assertThat(registry.get("ddlguard.listener.executions").tags("event", "after_alter", "outcome", "failed")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void eachStatementOfATextIsCounted() throws SQLException {
        execute("ALTER TABLE users ADD COLUMN note text, DROP COLUMN legacy");

        assertThat(registry.get("ddlguard.statements").tags("operation", "alter", "object.type", "column").timer()
                .count()).isEqualTo(2);
    }

    @Test
    void queriesAndDmlAreNotMeasured() throws SQLException {
        execute("SELECT * FROM users");
        execute("INSERT INTO users VALUES (1)");

        assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                .as("only the parser's failure counter, which exists from binding on")
                .containsExactly("ddlguard.parser.failures");
    }

    @Test
    void theParserFailureCounterReadsTheParsersCount() {
        assertThat(registry.get("ddlguard.parser.failures").functionCounter().count())
                .isEqualTo((double) StatementParser.readerFailures());
    }

    @Test
    void everyMeterIsDescribedAndNoTagNamesATable() throws SQLException {
        events.listen(Target.anyTable(), DdlEvent.BEFORE_CREATE, ctx -> { });
        execute("CREATE TABLE secret_customer_table (id int)");
        execute("DROP INDEX secret_index");

        List<Meter> meters = registry.getMeters();
        assertThat(meters).isNotEmpty();
        for (Meter meter : meters) {
            assertThat(meter.getId().getName()).startsWith("ddlguard.").matches("[a-z.]+");
            assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
            for (Tag tag : meter.getId().getTags()) {
                assertThat(tag.getValue()).doesNotContain("secret");
            }
        }
        assertThat(meters).extracting(m -> m.getId().getTag("object.type")).contains("table", "index");
    }

    @Test
    void closingRemovesTheMetersAndStopsRecording() throws SQLException {
        execute("CREATE TABLE users (id int)");
        assertThat(registry.getMeters()).isNotEmpty();

        metrics.close();
        execute("CREATE TABLE more (id int)");

        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void aBinderBoundToTwoRegistriesRecordsInBoth() throws SQLException {
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        metrics.bindTo(second);
        metrics.bindTo(second);

        execute("CREATE TABLE users (id int)");

        for (SimpleMeterRegistry r : Set.of(registry, second)) {
            assertThat(r.get("ddlguard.statements").timer().count()).isEqualTo(1);
        }
    }

    @Test
    void meterRegistryOnTheBuilderRecordsThere() throws SQLException {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        DataSource ds = DdlGuard.builder().dialect(Dialect.ORACLE).meterRegistry(own).build().wrap(stub);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE TABLE users");
        }

        assertThat(own.get("ddlguard.statements").tags("operation", "drop", "object.type", "table").timer().count())
                .isEqualTo(1);
    }

    @Test
    void theBuilderRejectsWhatIsNeitherARegistryNorABinder() {
        assertThatThrownBy(() -> DdlGuard.builder().meterRegistry("registry"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("meterRegistry must be a Micrometer MeterRegistry, not java.lang.String");
        assertThatThrownBy(() -> DdlGuard.builder().metrics(registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("metrics must be a io.ddlguard.metrics.DdlGuardMetrics, not ");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
