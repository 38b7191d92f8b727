package io.ddlguard.it;

import io.ddlguard.element.Dialect;

import javax.sql.DataSource;
import java.util.List;

/** The MySQL-dialect history ({@link MySqlCorpus}) on embedded MariaDB 11.4, parsed as {@link Dialect#MARIADB}. */
class MariaDbParserCorpusIT extends CorpusContract {

    @Override
    String engine() {
        return "MariaDB";
    }

    @Override
    DataSource freshDatabase() {
        return MariaDbServer.newDatabase("corpus_mariadb");
    }

    @Override
    CatalogReader catalogReader() {
        return new MySqlCatalogReader(false);
    }

    @Override
    Dialect dialect() {
        return Dialect.MARIADB;
    }

    @Override
    List<CorpusStatement> history() {
        return MySqlCorpus.history("mariadb");
    }

    @Override
    int minimumStatements() {
        return 110;
    }
}
