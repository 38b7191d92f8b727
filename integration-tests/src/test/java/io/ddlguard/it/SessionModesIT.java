package io.ddlguard.it;

import com.zaxxer.hikari.HikariDataSource;
import io.ddlguard.DdlGuard;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Server settings that move where a string ends: under them a DROP hides inside what the default reading takes for
 * a string literal, and a string holds what the default reading takes for a DROP. ddlguard reads each text as the
 * session does, on real servers: the hidden DROP is announced and guarded, the decoy is neither.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionModesIT {

    /**
     * @param setting the session setting, run through the guarded connection
     * @param hidden  a text whose DROP of {@code victim} runs only under the setting
     * @param decoy   a text whose DROP of {@code victim} runs only without it
     */
    enum Mode {
        POSTGRESQL_STANDARD_CONFORMING_STRINGS_OFF(PooledDatabase.POSTGRESQL,
                "set standard_conforming_strings = off",
                "select 'a\\', '; drop table victim; --'",
                "select 'a\\'; drop table victim; -- '"),
        MARIADB_NO_BACKSLASH_ESCAPES(PooledDatabase.MARIADB,
                "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')",
                "SELECT 'a\\'; DROP TABLE victim; -- '",
                "SELECT 'a\\', '; DROP TABLE victim; -- '"),
        MARIADB_ANSI_QUOTES(PooledDatabase.MARIADB,
                "SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')",
                "SELECT 1 AS \"a\\\"; DROP TABLE victim; -- \"",
                "SELECT 1 AS \"a\\\", 2 AS \"; DROP TABLE victim; -- \"");

        final PooledDatabase database;
        final String setting;
        final String hidden;
        final String decoy;

        Mode(PooledDatabase database, String setting, String hidden, String decoy) {
            this.database = database;
            this.setting = setting;
            this.hidden = hidden;
            this.decoy = decoy;
        }
    }

    private final Map<PooledDatabase, HikariDataSource> pools = new EnumMap<>(PooledDatabase.class);
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final DdlEvents events = new DdlEvents();

    @BeforeAll
    void openPools() {
        pools.put(PooledDatabase.POSTGRESQL, PooledDatabase.POSTGRESQL.open("session_modes_it", 4));
        pools.put(PooledDatabase.MARIADB, PooledDatabase.MARIADB.open("session_modes_it", 4));
        for (DdlEvent e : List.of(DdlEvent.BEFORE_DROP, DdlEvent.AFTER_DROP)) {
            events.listen(Target.anyTable(), e, ctx -> heard.add(e + " " + ctx.target().name()
                    .map(n -> n.name().value().toLowerCase(Locale.ROOT)).orElse("?")));
        }
    }

    @AfterAll
    void closePools() {
        pools.values().forEach(HikariDataSource::close);
    }

    @BeforeEach
    void createVictims() throws SQLException {
        for (HikariDataSource pool : pools.values()) {
            try (Connection c = pool.getConnection()) {
                execute(c, "DROP TABLE IF EXISTS victim");
                execute(c, "CREATE TABLE victim (id INT PRIMARY KEY)");
            }
        }
        heard.clear();
    }

    /** The settings a test gave its sessions leave with them: the next test starts on new sessions. */
    @AfterEach
    void retireSessions() {
        pools.values().forEach(p -> p.getHikariPoolMXBean().softEvictConnections());
    }

    private DataSource guarded(Mode mode) {
        return DdlGuard.builder().events(events).dropPolicy(DropPolicy.FAIL).lockWait(Duration.ofSeconds(2))
                .build().wrap(pools.get(mode.database));
    }

    private boolean victimExists(Mode mode) throws SQLException {
        try (Connection c = pools.get(mode.database).getConnection()) {
            return mode.database.tableExists(c, "victim");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aDropHiddenFromTheDefaultReadingIsAnnouncedAndRuns(Mode mode) throws SQLException {
        try (Connection c = underSetting(guarded(mode), mode)) {
            execute(c, mode.hidden);

            assertThat(victimExists(mode)).as("the server ran the DROP").isFalse();
            assertThat(heard).containsExactly("BEFORE_DROP victim", "AFTER_DROP victim");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aDropHiddenFromTheDefaultReadingIsRefusedWhileAHolderReadsTheTable(Mode mode) throws SQLException {
        DataSource ds = guarded(mode);
        try (Connection holder = readerOfVictim(ds); Connection c = underSetting(ds, mode)) {
            DropBlockedException e = catchThrowableOfType(DropBlockedException.class, () -> execute(c, mode.hidden));

            assertThat((Throwable) e).as("the guard saw the DROP").isNotNull();
            assertThat(e.blockers()).anySatisfy(h -> assertThat(h.origin()).isPresent());
            assertThat(heard).doesNotContain("AFTER_DROP victim"); // BEFORE_DROP too, where the check comes first
            holder.rollback();
            assertThat(victimExists(mode)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aDropThatIsPartOfAStringUnderTheSettingIsNeitherAnnouncedNorGuarded(Mode mode) throws SQLException {
        DataSource ds = guarded(mode);
        try (Connection holder = readerOfVictim(ds); Connection c = underSetting(ds, mode)) {
            execute(c, mode.decoy); // a FAIL guard would refuse it, holder and all, if it took it for a DROP

            assertThat(heard).isEmpty();
            holder.rollback();
            assertThat(victimExists(mode)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void withoutTheSettingTheDefaultReadingHolds(Mode mode) throws SQLException {
        try (Connection c = guarded(mode).getConnection()) {
            execute(c, mode.hidden);
            assertThat(victimExists(mode)).isTrue();
            assertThat(heard).isEmpty();

            execute(c, mode.decoy);
            assertThat(victimExists(mode)).isFalse();
            assertThat(heard).containsExactly("BEFORE_DROP victim", "AFTER_DROP victim");
        }
    }

    /**
     * A connection of {@code ds} under the mode's setting, whose lock waits end after 5 s: a DROP the guard missed
     * would otherwise wait for a holder forever. (The guard restores this bound after its own attempts.)
     */
    private static Connection underSetting(DataSource ds, Mode mode) throws SQLException {
        Connection c = ds.getConnection();
        execute(c, mode.setting);
        execute(c, mode.database == PooledDatabase.POSTGRESQL ? "set lock_timeout = '5s'"
                : "SET SESSION lock_wait_timeout = 5");
        return c;
    }

    /** A connection of {@code ds} in a transaction that has read {@code victim}: it holds a lock a DROP needs. */
    private static Connection readerOfVictim(DataSource ds) throws SQLException {
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        readAll(c, "SELECT * FROM victim");
        return c;
    }
}
