package io.ddlguard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A corpus of SQL statements read from a class-path resource.
 *
 * <p>Statements are separated by lines starting with {@code -- @@}, never by semicolons, so a statement may carry
 * semicolons, comments and dollar-quoted bodies of its own. Words after {@code -- @@} tag the statement that
 * follows ({@code non-ddl}). Text before the first separator is the file's header and is not a statement.
 */
final class SqlCorpus {

    static final String SEPARATOR = "-- @@";

    /**
     * One statement of the corpus.
     *
     * @param number its position in the corpus, from 1
     * @param line   the line of the file where its text starts
     * @param sql    its text, as sent to the database and the parser
     * @param nonDdl whether it is tagged {@code non-ddl}: a query, DML, SET or transaction control
     */
    record Entry(int number, int line, String sql, boolean nonDdl) {
        @Override
        public String toString() {
            return "#" + number + " (line " + line + ")";
        }
    }

    private SqlCorpus() {
    }

    static List<Entry> load(String resource) {
        String text;
        try (InputStream in = SqlCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus on the class path at " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus " + resource, e);
        }
        List<Entry> entries = new ArrayList<>();
        StringBuilder sql = null;
        String tags = "";
        int startLine = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(SEPARATOR)) {
                add(entries, sql, tags, startLine);
                sql = new StringBuilder();
                tags = line.substring(SEPARATOR.length()).strip().toLowerCase(Locale.ROOT);
                startLine = i + 2;
            } else if (sql != null) {
                sql.append(line).append('\n');
            }
        }
        add(entries, sql, tags, startLine);
        return List.copyOf(entries);
    }

    private static void add(List<Entry> entries, StringBuilder sql, String tags, int line) {
        if (sql == null) {
            return;
        }
        String text = sql.toString().strip();
        if (text.isEmpty()) {
            throw new IllegalStateException("empty statement in corpus at line " + line);
        }
        entries.add(new Entry(entries.size() + 1, line, text, tags.contains("non-ddl")));
    }
}
