package io.ddlguard.it;

import io.ddlguard.element.Action;
import io.ddlguard.element.ObjectKind;

import java.util.List;

import static io.ddlguard.it.Change.expected;
import static io.ddlguard.it.CorpusStatement.ddl;
import static io.ddlguard.it.CorpusStatement.handWritten;
import static io.ddlguard.it.CorpusStatement.nonDdl;

/**
 * A SQLite migration history: tables with and without column types, {@code WITHOUT ROWID}, SQLite's four
 * {@code ALTER TABLE} forms, indexes (also partial and expression ones), views, triggers, and names that differ
 * only in case.
 */
final class SqliteCorpus {

    private SqliteCorpus() {
    }

    static List<CorpusStatement> history() {
        return List.of(
                nonDdl("PRAGMA foreign_keys = ON"),
                ddl("CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, email TEXT UNIQUE)"),
                ddl("CREATE TABLE tags (name, weight)"),
                ddl("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID"),
                ddl("CREATE TABLE \"Quoted Table\" (\"Col One\" INT, [bracket col] TEXT, `tick` REAL)"),
                ddl("CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,"
                        + " title TEXT DEFAULT 'untitled', body TEXT, CHECK (length(title) > 0))"),
                ddl("-- leading comment\nCREATE TABLE comments /* inline; */ (id INTEGER PRIMARY KEY, post_id INTEGER,"
                        + " FOREIGN KEY (post_id) REFERENCES posts (id)) -- trailing"),
                ddl("create table MixedCase (A int)"),
                handWritten("CREATE TABLE IF NOT EXISTS tags (x)", "a no-op: the table is already there",
                        expected(Action.CREATE, ObjectKind.TABLE, null, "tags")),
                nonDdl("INSERT INTO users (name, email) VALUES ('alice', 'a@example.com'), ('it''s bob', NULL)"),
                nonDdl("INSERT OR IGNORE INTO tags VALUES ('x', 1)"),
                nonDdl("REPLACE INTO kv VALUES ('k', x'00')"),
                nonDdl("INSERT INTO posts (user_id, title, body) VALUES (1, 'hello', 'CREATE TABLE nope (a)')"),
                nonDdl("SELECT * FROM posts WHERE title = 'DROP TABLE posts'"),
                nonDdl("WITH recent AS (SELECT * FROM posts) SELECT count(*) FROM recent"),
                nonDdl("UPDATE users SET name = 'Alice' WHERE id = 1"),
                nonDdl("DELETE FROM tags WHERE weight IS NULL"),
                nonDdl("EXPLAIN QUERY PLAN SELECT * FROM users"),
                ddl("CREATE INDEX ix_posts_user ON posts (user_id)"),
                ddl("CREATE UNIQUE INDEX IF NOT EXISTS ux_tags_name ON tags (name)"),
                ddl("CREATE INDEX ix_posts_title_partial ON posts (title) WHERE title IS NOT NULL"),
                ddl("CREATE INDEX ix_users_lower_email ON users (lower(email))"),
                ddl("ALTER TABLE users ADD COLUMN created_at TEXT DEFAULT '2024-01-01'"),
                ddl("ALTER TABLE users ADD nickname TEXT"),
                ddl("ALTER TABLE users RENAME COLUMN nickname TO handle"),
                ddl("ALTER TABLE users RENAME handle TO alias"),
                ddl("ALTER TABLE users DROP COLUMN alias"),
                ddl("ALTER TABLE tags ADD COLUMN colour"),
                ddl("ALTER TABLE tags RENAME TO labels"),
                ddl("ALTER TABLE \"Quoted Table\" ADD COLUMN \"Col Two\" TEXT"),
                ddl("ALTER TABLE \"Quoted Table\" RENAME TO [Still Quoted]"),
                ddl("ALTER TABLE mixedcase ADD COLUMN b int"),
                ddl("ALTER TABLE MIXEDCASE RENAME COLUMN A TO a_renamed"),
                ddl("CREATE VIEW v_posts AS SELECT id, title FROM posts"),
                ddl("CREATE VIEW IF NOT EXISTS v_users AS SELECT * FROM users"),
                ddl("CREATE VIEW v_labels AS SELECT name FROM labels"),
                ddl("DROP VIEW IF EXISTS v_posts"),
                ddl("DROP VIEW v_labels"),
                ddl("CREATE TRIGGER trg_posts_ai AFTER INSERT ON posts BEGIN\n"
                        + "  UPDATE users SET name = name WHERE id = NEW.user_id;\n"
                        + "  INSERT INTO kv VALUES ('last_post', NEW.id);\n"
                        + "END"),
                nonDdl("INSERT INTO posts (user_id, title) VALUES (1, 'second')"),
                ddl("CREATE TRIGGER IF NOT EXISTS trg_users_bd BEFORE DELETE ON users\n"
                        + "WHEN old.id = 0 BEGIN SELECT RAISE(ABORT, 'no; never'); END"),
                ddl("DROP TRIGGER IF EXISTS trg_posts_ai"),
                ddl("DROP TRIGGER trg_users_bd"),
                ddl("DROP INDEX IF EXISTS ix_posts_user"),
                ddl("DROP INDEX ix_users_lower_email"),
                ddl("CREATE TABLE posts_archive AS SELECT id, title FROM posts"),
                handWritten("DROP TABLE IF EXISTS never_created", "a no-op: the catalog cannot show it",
                        expected(Action.DROP, ObjectKind.TABLE, null, "never_created")),
                handWritten("DROP INDEX IF EXISTS never_created_ix", "a no-op: the catalog cannot show it",
                        expected(Action.DROP, ObjectKind.INDEX, null, "never_created_ix")),
                ddl("DROP TABLE IF EXISTS [Still Quoted]"),
                ddl("DROP TABLE MIXEDCASE"),
                ddl("DROP TABLE posts_archive"),
                ddl("DROP VIEW v_users"),
                ddl("DROP TABLE comments"),
                ddl("DROP TABLE posts"),
                ddl("DROP TABLE IF EXISTS labels"),
                ddl("DROP TABLE kv"),
                ddl("DROP TABLE users"));
    }
}
