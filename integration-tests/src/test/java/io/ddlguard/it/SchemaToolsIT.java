package io.ddlguard.it;

import com.zaxxer.hikari.HikariDataSource;
import io.ddlguard.DdlGuard;
import io.ddlguard.DdlVetoException;
import io.ddlguard.DropBlockedException;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.UnitOfWork;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.Target;
import io.ddlguard.schema.ForeignKey;
import io.ddlguard.schema.RunResult;
import io.ddlguard.schema.Schema;
import io.ddlguard.schema.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ddlguard.it.PooledDatabase.POSTGRESQL;
import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.pid;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 8's "Show it": createAll and dropAll of a schema with a foreign-key cycle (author and book refer to each
 * other; review refers to book; tag stands alone) on all four embedded databases, through HikariCP wrapped by
 * {@link DdlGuard}; checkFirst both ways; the unit-level and statement-level events in the order they fire;
 * reflection of what was created; and on PostgreSQL a dropAll that a leaked transaction would hang, refused before
 * it drops anything. Each test gets a database of its own.
 */
class SchemaToolsIT {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    static final String SCRIPT = """
            CREATE TABLE author (id INT PRIMARY KEY, name VARCHAR(40), favourite_book_id INT,
                CONSTRAINT fk_author_book FOREIGN KEY (favourite_book_id) REFERENCES book (id));
            CREATE TABLE book (id INT PRIMARY KEY, author_id INT,
                CONSTRAINT fk_book_author FOREIGN KEY (author_id) REFERENCES author (id));
            CREATE TABLE review (id INT PRIMARY KEY, book_id INT,
                CONSTRAINT fk_review_book FOREIGN KEY (book_id) REFERENCES book (id));
            CREATE TABLE tag (id INT PRIMARY KEY);
            """;

    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final List<String> contexts = new CopyOnWriteArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    private HikariDataSource pool(PooledDatabase db) {
        HikariDataSource pool = db.open("schema_tools_" + DATABASES.incrementAndGet(), 3);
        pools.add(pool);
        return pool;
    }

    private static Dialect dialect(PooledDatabase db) {
        return switch (db) {
            case POSTGRESQL -> Dialect.POSTGRESQL;
            case MARIADB -> Dialect.MARIADB;
            case H2 -> Dialect.H2;
            case SQLITE -> Dialect.SQLITE;
        };
    }

    /**
     * A guard whose listeners record, in firing order, every unit event ("BEFORE_CREATE unit [a, b]"), table
     * event ("AFTER_CREATE table a") and constraint event, plus what each table event's context says of the run.
     * A {@code Target.any()} listener records too, to show it never hears the unit.
     */
    private DataSource guarded(DataSource pool) {
        DdlEvents events = new DdlEvents();
        for (DdlEvent e : DdlEvent.values()) {
            events.listen(Target.unit(), e, ctx -> heard.add(ctx.event() + " unit " + lower(ctx.tables())
                    + (ctx.checkFirst() ? " checkFirst" : "")));
            events.listen(Target.anyTable(), e, ctx -> {
                heard.add(ctx.event() + " table " + lower(ctx.target().name().orElseThrow()));
                contexts.add(lower(ctx.tables()) + (ctx.checkFirst() ? " checkFirst" : ""));
            });
            events.listen(Target.any(ObjectKind.CONSTRAINT), e, ctx -> heard.add(ctx.event() + " constraint "
                    + lower(ctx.target().name().orElseThrow())));
            events.listen(Target.any(), e, ctx -> {
                if (ctx.element() instanceof UnitOfWork) {
                    heard.add("Target.any() heard the unit");
                }
            });
        }
        return DdlGuard.builder().events(events).build().wrap(pool);
    }

    private static String lower(QualifiedName name) {
        return name.name().value().toLowerCase(Locale.ROOT);
    }

    private static String lower(List<QualifiedName> names) {
        return names.stream().map(SchemaToolsIT::lower).toList().toString();
    }

    private static List<String> tablesOf(Schema schema) {
        return schema.tables().stream().map(t -> lower(t.name())).sorted().toList();
    }

    private static List<String> events(DdlEvent before, DdlEvent after, String... targets) {
        List<String> expected = new ArrayList<>();
        for (String t : targets) {
            expected.add(before + " " + t);
            expected.add(after + " " + t);
        }
        return expected;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Nested
    class CreateAll {

        @ParameterizedTest
        @EnumSource(PooledDatabase.class)
        void createsTheCycleAndFiresUnitThenStatementThenUnitEventsInRunOrder(PooledDatabase db) throws SQLException {
            DataSource ds = guarded(pool(db));
            Schema schema = Schema.fromSql(SCRIPT, dialect(db));

            RunResult result;
            try (Connection c = ds.getConnection()) {
                result = schema.createAll(c, false);
            }

            String tables = "[author, book, tag, review]";
            List<String> expected = new ArrayList<>();
            expected.add("BEFORE_CREATE unit " + tables);
            expected.addAll(events(DdlEvent.BEFORE_CREATE, DdlEvent.AFTER_CREATE,
                    "table author", "table book", "table tag", "table review"));
            if (db != PooledDatabase.SQLITE) {
                expected.addAll(events(DdlEvent.BEFORE_CREATE, DdlEvent.AFTER_CREATE,
                        "constraint fk_author_book", "constraint fk_book_author"));
            }
            expected.add("AFTER_CREATE unit " + tables);
            assertThat(heard).containsExactlyElementsOf(expected);
            assertThat(contexts).hasSize(8).containsOnly(tables);
            assertThat(lower(result.tables())).isEqualTo(tables);
            assertThat(result.skipped()).isEmpty();
            try (Connection c = pools.get(0).getConnection()) {
                for (String t : List.of("author", "book", "review", "tag")) {
                    assertThat(db.tableExists(c, t)).as(t).isTrue();
                }
                assertThat(db.constraintExists(c, "author", "fk_author_book")).isTrue();
                assertThat(db.constraintExists(c, "book", "fk_book_author")).isTrue();
                assertThat(db.constraintExists(c, "review", "fk_review_book")).isTrue();
            }
        }

        @ParameterizedTest
        @EnumSource(PooledDatabase.class)
        void withCheckFirstExistingTablesAreSkippedAndFireNothing(PooledDatabase db) throws SQLException {
            HikariDataSource pool = pool(db);
            try (Connection c = pool.getConnection()) {
                execute(c, "CREATE TABLE tag (id INT PRIMARY KEY)");
            }
            DataSource ds = guarded(pool);
            Schema schema = Schema.fromSql(SCRIPT, dialect(db));

            RunResult first;
            try (Connection c = ds.getConnection()) {
                first = schema.createAll(c, true);
            }

            assertThat(lower(first.skipped())).isEqualTo("[tag]");
            assertThat(heard).first().isEqualTo("BEFORE_CREATE unit [author, book, review] checkFirst");
            assertThat(heard).last().isEqualTo("AFTER_CREATE unit [author, book, review] checkFirst");
            assertThat(heard).noneMatch(h -> h.contains("table tag"));
            assertThat(contexts).hasSize(6).containsOnly("[author, book, review] checkFirst");

            heard.clear();
            RunResult second;
            try (Connection c = ds.getConnection()) {
                second = schema.createAll(c, true);
            }

            assertThat(heard).containsExactly("BEFORE_CREATE unit [] checkFirst", "AFTER_CREATE unit [] checkFirst");
            assertThat(second.statements()).isEmpty();
            assertThat(lower(second.skipped())).isEqualTo("[author, book, review, tag]");
        }

        @ParameterizedTest
        @EnumSource(PooledDatabase.class)
        void withoutCheckFirstAnExistingTableFailsTheRun(PooledDatabase db) throws SQLException {
            HikariDataSource pool = pool(db);
            try (Connection c = pool.getConnection()) {
                execute(c, "CREATE TABLE review (id INT PRIMARY KEY)");
            }
            DataSource ds = guarded(pool);

            try (Connection c = ds.getConnection()) {
                assertThatThrownBy(() -> Schema.fromSql(SCRIPT, dialect(db)).createAll(c, false))
                        .isInstanceOf(SQLException.class);
                assertThat(c.getAutoCommit()).isTrue();
            }

            // PostgreSQL ran the whole run in one transaction: the tables created before the failure are gone too.
            // The others commit each CREATE by itself.
            boolean transactional = db == POSTGRESQL;
            try (Connection c = pool.getConnection()) {
                assertThat(db.tableExists(c, "author")).isEqualTo(!transactional);
                assertThat(db.tableExists(c, "tag")).isEqualTo(!transactional);
            }
            assertThat(heard).doesNotContain("AFTER_CREATE unit [author, book, tag, review]");
        }
    }

    @Nested
    class Reflect {

        @ParameterizedTest
        @EnumSource(PooledDatabase.class)
        void seesTheTablesTheirForeignKeysByNameViewsAndSequences(PooledDatabase db) throws SQLException {
            HikariDataSource pool = pool(db);
            DataSource ds = guarded(pool);
            try (Connection c = ds.getConnection()) {
                Schema.fromSql(SCRIPT, dialect(db)).createAll(c, false);
            }
            try (Connection c = pool.getConnection()) {
                execute(c, "CREATE VIEW book_view AS SELECT id FROM book");
                if (db != PooledDatabase.SQLITE) {
                    execute(c, "CREATE SEQUENCE review_seq");
                }
            }

            Schema reflected;
            try (Connection c = ds.getConnection()) {
                reflected = Schema.reflect(c, null);
            }

            assertThat(tablesOf(reflected)).containsExactly("author", "book", "review", "tag");
            assertThat(reflected.views()).extracting(SchemaToolsIT::lower).containsExactly("book_view");
            assertThat(reflected.sequences()).extracting(SchemaToolsIT::lower)
                    .containsExactlyElementsOf(db == PooledDatabase.SQLITE ? List.of() : List.of("review_seq"));
            List<String> fks = new ArrayList<>();
            for (Table t : reflected.tables()) {
                for (ForeignKey fk : t.foreignKeys()) {
                    fks.add(lower(fk.table()) + "." + fk.name().map(n -> n.value().toLowerCase(Locale.ROOT)).orElse("?")
                            + " -> " + lower(fk.referredTable()) + lower(fk.referredColumns().stream()
                            .map(QualifiedName::of).toList()));
                }
            }
            assertThat(fks).containsExactlyInAnyOrder("author.fk_author_book -> book[id]",
                    "book.fk_book_author -> author[id]", "review.fk_review_book -> book[id]");
        }
    }

    @Nested
    class ReflectForeignKeys {

        @ParameterizedTest
        @EnumSource(PooledDatabase.class)
        void twoKeysToOneTableKeepTheirColumnsInKeyOrderAndTheirActions(PooledDatabase db) throws SQLException {
            HikariDataSource pool = pool(db);
            try (Connection c = pool.getConnection()) {
                // MariaDB and H2 want a key on the referred columns in the order a foreign key names them
                execute(c, "CREATE TABLE edition (book_id INT, no INT, PRIMARY KEY (book_id, no),"
                        + " CONSTRAINT uq_edition_no_book UNIQUE (no, book_id))");
                execute(c, "CREATE TABLE copy (id INT PRIMARY KEY, first_book INT, first_no INT, last_book INT,"
                        + " last_no INT,"
                        + " CONSTRAINT fk_copy_first FOREIGN KEY (first_book, first_no) REFERENCES edition (book_id, no)"
                        + " ON DELETE CASCADE,"
                        + " CONSTRAINT fk_copy_last FOREIGN KEY (last_no, last_book) REFERENCES edition (no, book_id))");
            }
            Table copy;
            try (Connection c = guarded(pool).getConnection()) {
                copy = Schema.reflect(c, null).table("copy").orElseThrow();
            }

            List<String> fks = copy.foreignKeys().stream().map(fk -> fk.name().orElseThrow().value()
                    .toLowerCase(Locale.ROOT) + " " + lower(fk.columns().stream().map(QualifiedName::of).toList())
                    + " -> " + lower(fk.referredColumns().stream().map(QualifiedName::of).toList())
                    + fk.constraint().references().orElseThrow().onDelete().map(a -> " " + a).orElse("")).toList();
            // H2 and MariaDB report their default action as RESTRICT, the others theirs as NO ACTION (read as none)
            String defaultAction = db == PooledDatabase.H2 || db == PooledDatabase.MARIADB ? " RESTRICT" : "";
            assertThat(fks).containsExactlyInAnyOrder("fk_copy_first [first_book, first_no] -> [book_id, no] CASCADE",
                    "fk_copy_last [last_no, last_book] -> [no, book_id]" + defaultAction);
        }
    }

    @Nested
    class DropAll {

        @ParameterizedTest
        @EnumSource(PooledDatabase.class)
        void dropsAReflectedCycleConstraintsFirstThenTablesInReverseOrder(PooledDatabase db) throws SQLException {
            HikariDataSource pool = pool(db);
            DataSource ds = guarded(pool);
            RunResult result;
            try (Connection c = ds.getConnection()) {
                Schema.fromSql(SCRIPT, dialect(db)).createAll(c, false);
                heard.clear();
                contexts.clear();
                result = Schema.reflect(c, null).dropAll(c, false);
            }

            List<String> expected = new ArrayList<>();
            if (db == PooledDatabase.SQLITE) {
                // SQLite cannot drop a constraint: the cycle drops in reverse of the reflected (alphabetical) order
                expected.add("BEFORE_DROP unit [tag, review, book, author]");
                expected.addAll(events(DdlEvent.BEFORE_DROP, DdlEvent.AFTER_DROP,
                        "table tag", "table review", "table book", "table author"));
                expected.add("AFTER_DROP unit [tag, review, book, author]");
                assertThat(result.warnings()).singleElement().asString().contains("author, book");
            } else {
                expected.add("BEFORE_DROP unit [review, tag, book, author]");
                expected.addAll(events(DdlEvent.BEFORE_DROP, DdlEvent.AFTER_DROP,
                        "constraint fk_author_book", "constraint fk_book_author",
                        "table review", "table tag", "table book", "table author"));
                expected.add("AFTER_DROP unit [review, tag, book, author]");
                assertThat(result.warnings()).isEmpty();
            }
            assertThat(heard).containsExactlyElementsOf(expected);
            try (Connection c = pool.getConnection()) {
                assertThat(Schema.reflect(c, null).tables()).isEmpty();
            }
        }

        @ParameterizedTest
        @EnumSource(PooledDatabase.class)
        void withCheckFirstMissingTablesAreSkippedAndFireNothing(PooledDatabase db) throws SQLException {
            HikariDataSource pool = pool(db);
            DataSource ds = guarded(pool);
            Schema schema = Schema.fromSql(SCRIPT, dialect(db));
            try (Connection c = ds.getConnection()) {
                schema.createAll(c, false);
            }
            try (Connection c = pool.getConnection()) {
                execute(c, "DROP TABLE review");
            }
            heard.clear();
            contexts.clear();

            RunResult first;
            try (Connection c = ds.getConnection()) {
                first = schema.dropAll(c, true);
            }

            assertThat(lower(first.skipped())).isEqualTo("[review]");
            String tables = "[tag, book, author]";
            assertThat(heard).first().isEqualTo("BEFORE_DROP unit " + tables + " checkFirst");
            assertThat(heard).last().isEqualTo("AFTER_DROP unit " + tables + " checkFirst");
            assertThat(heard).noneMatch(h -> h.contains("table review"));
            assertThat(contexts).containsOnly(tables + " checkFirst");

            heard.clear();
            RunResult second;
            try (Connection c = ds.getConnection()) {
                second = schema.dropAll(c, true);
            }

            assertThat(heard).containsExactly("BEFORE_DROP unit [] checkFirst", "AFTER_DROP unit [] checkFirst");
            assertThat(second.statements()).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(PooledDatabase.class)
        void withoutCheckFirstAMissingTableFailsTheRun(PooledDatabase db) throws SQLException {
            HikariDataSource pool = pool(db);
            DataSource ds = guarded(pool);
            try (Connection c = ds.getConnection()) {
                assertThatThrownBy(() -> Schema.fromSql(SCRIPT, dialect(db)).dropAll(c, false))
                        .isInstanceOf(SQLException.class);
            }
            assertThat(heard).noneMatch(h -> h.startsWith("AFTER_DROP unit"));
        }
    }

    @Nested
    class OnPostgresql {

        @Test
        void aDropAllThatALeakedTransactionWouldHangIsRefusedNamingItAndDropsNothing() throws SQLException {
            HikariDataSource pool = pool(POSTGRESQL);
            DataSource ds = guarded(pool);
            try (Connection c = ds.getConnection()) {
                Schema.fromSql(SCRIPT, Dialect.POSTGRESQL).createAll(c, false);
            }
            Connection leaked = leakATransactionReading(ds, "author");
            heard.clear();

            DropBlockedException e;
            try (Connection c = ds.getConnection()) {
                Schema reflected = Schema.reflect(c, "public");
                e = catchThrowableOfType(DropBlockedException.class, () -> reflected.dropAll(c, false));
                assertThat(c.getAutoCommit()).isTrue();
            }

            assertThat((Throwable) e).isNotNull();
            assertThat(e.blockers()).extracting(h -> h.pid().getAsLong()).containsOnly((long) pid(leaked));
            assertThat(e.getMessage()).contains("pid " + pid(leaked), "public.author", "idle in transaction",
                    "leakATransactionReading");
            assertThat(heard).as("nothing ran, not even the unit's before event").isEmpty();
            try (Connection c = pool.getConnection()) {
                for (String t : List.of("author", "book", "review", "tag")) {
                    assertThat(POSTGRESQL.tableExists(c, t)).as(t).isTrue();
                }
                assertThat(POSTGRESQL.constraintExists(c, "author", "fk_author_book")).isTrue();
                assertThat(POSTGRESQL.constraintExists(c, "book", "fk_book_author")).isTrue();
            }
            leaked.rollback();
            leaked.close();
        }

        /** A test that forgot to end its transaction: a guarded connection, idle after a read. */
        private Connection leakATransactionReading(DataSource ds, String table) throws SQLException {
            Connection c = ds.getConnection();
            c.setAutoCommit(false);
            readAll(c, "select * from " + table);
            return c;
        }

        @Test
        void aVetoFromTheUnitsBeforeListenerRunsNothing() throws SQLException {
            HikariDataSource pool = pool(POSTGRESQL);
            DdlEvents events = new DdlEvents();
            events.listen(Target.unit(), DdlEvent.BEFORE_CREATE, ctx -> {
                throw new SQLException("no schema changes on Fridays");
            });
            DataSource ds = DdlGuard.builder().events(events).build().wrap(pool);

            try (Connection c = ds.getConnection()) {
                assertThatThrownBy(() -> Schema.fromSql(SCRIPT, Dialect.POSTGRESQL).createAll(c, false))
                        .isInstanceOf(DdlVetoException.class).hasRootCauseMessage("no schema changes on Fridays");
            }
            try (Connection c = pool.getConnection()) {
                assertThat(POSTGRESQL.tableExists(c, "author")).isFalse();
            }
        }

        @Test
        void createAllAndDropAllLeaveTheLockTimeoutExactlyAsTheyFoundIt() throws SQLException {
            HikariDataSource pool = pool(POSTGRESQL);
            DataSource ds = guarded(pool);
            Schema schema = Schema.fromSql(SCRIPT, Dialect.POSTGRESQL);

            try (Connection c = ds.getConnection()) {
                execute(c, "set lock_timeout = '7s'");
                schema.createAll(c, false);
                assertThat(GuardRig.show(c, "lock_timeout")).as("after createAll, auto-commit").isEqualTo("7s");
                schema.dropAll(c, false);
                assertThat(GuardRig.show(c, "lock_timeout")).as("after dropAll, auto-commit").isEqualTo("7s");

                c.setAutoCommit(false);
                execute(c, "set local lock_timeout = '3s'");
                schema.createAll(c, false);
                assertThat(GuardRig.show(c, "lock_timeout")).as("after createAll, in a transaction").isEqualTo("3s");
                schema.dropAll(c, false);
                assertThat(GuardRig.show(c, "lock_timeout")).as("after dropAll, in a transaction").isEqualTo("3s");
                c.commit();
                assertThat(GuardRig.show(c, "lock_timeout")).isEqualTo("7s");
                c.setAutoCommit(true);
                execute(c, "reset lock_timeout");
            }
        }

        @Test
        void aTransactionTheCallerOpenedIsJoinedAndLeftToTheCaller() throws SQLException {
            HikariDataSource pool = pool(POSTGRESQL);
            DataSource ds = guarded(pool);

            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                Schema.fromSql(SCRIPT, Dialect.POSTGRESQL).createAll(c, false);
                assertThat(c.getAutoCommit()).isFalse();
                c.rollback();
                c.setAutoCommit(true);
            }

            try (Connection c = pool.getConnection()) {
                assertThat(POSTGRESQL.tableExists(c, "author")).isFalse();
            }
            assertThat(heard).last().isEqualTo("AFTER_CREATE unit [author, book, tag, review]");
        }
    }

    @Test
    void aConnectionThatIsNotDdlguardsIsRefusedWithAClearMessage() throws SQLException {
        HikariDataSource pool = pool(PooledDatabase.H2);
        try (Connection c = pool.getConnection()) {
            assertThatThrownBy(() -> Schema.fromSql(SCRIPT, Dialect.H2).createAll(c, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("createAll needs a connection from a data source that DdlGuard.wrap");
            assertThat(PooledDatabase.H2.tableExists(c, "author")).isFalse();
        }
    }
}
