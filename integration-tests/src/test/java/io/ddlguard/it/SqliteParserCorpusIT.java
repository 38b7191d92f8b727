package io.ddlguard.it;

import io.ddlguard.element.Dialect;

import javax.sql.DataSource;
import java.util.List;

/** The SQLite history ({@link SqliteCorpus}) on SQLite, parsed as {@link Dialect#SQLITE}. */
class SqliteParserCorpusIT extends CorpusContract {

    @Override
    String engine() {
        return "SQLite";
    }

    @Override
    DataSource freshDatabase() {
        return SqliteDatabase.newDatabase("corpus_sqlite");
    }

    @Override
    CatalogReader catalogReader() {
        return new SqliteCatalogReader();
    }

    @Override
    Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    List<CorpusStatement> history() {
        return SqliteCorpus.history();
    }

    @Override
    int minimumStatements() {
        return 55;
    }
}
