package io.ddlguard.it;

import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Fresh SQLite databases in temporary files (a file, not {@code :memory:}, so several connections see the same
 * database), cheap enough for one per test class or per test. Thread-safe.
 */
final class SqliteDatabase {

    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private SqliteDatabase() {
    }

    /** A new, empty database file, deleted when the JVM exits. */
    static DataSource newDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        Path file;
        try {
            file = Files.createTempFile("ddlguard-" + name + "-", ".db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        file.toFile().deleteOnExit();
        for (String suffix : new String[] {"-journal", "-wal", "-shm"}) {
            file.resolveSibling(file.getFileName() + suffix).toFile().deleteOnExit();
        }
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }
}
