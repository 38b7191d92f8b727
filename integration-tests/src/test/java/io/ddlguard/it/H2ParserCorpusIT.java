package io.ddlguard.it;

import io.ddlguard.element.Dialect;

import javax.sql.DataSource;
import java.util.List;

/** The H2 history ({@link H2Corpus}) on H2, parsed as {@link Dialect#H2}. */
class H2ParserCorpusIT extends CorpusContract {

    @Override
    String engine() {
        return "H2";
    }

    @Override
    DataSource freshDatabase() {
        return H2Database.newDatabase("corpus_h2");
    }

    @Override
    CatalogReader catalogReader() {
        return new H2CatalogReader();
    }

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }

    @Override
    List<CorpusStatement> history() {
        return H2Corpus.history();
    }

    @Override
    int minimumStatements() {
        return 55;
    }
}
