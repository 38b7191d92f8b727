package io.ddlguard.it;

import io.ddlguard.element.Dialect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A migration history run on a real engine, one statement at a time, with the engine's catalog as the truth the
 * parser is checked against (see {@link CatalogDiff} for how the truth is derived). Each engine's test supplies
 * the engine, the history and the dialect; the history runs once per test class.
 *
 * <p>Mismatches are collected over the whole history and reported together, one block per statement. The
 * derived truth is also written to {@code target/corpus-truth-<engine>.txt} for review.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CorpusContract {

    private List<CorpusRun.Outcome> outcomes;

    /** The engine's name, for reports. */
    abstract String engine();

    /** A fresh, empty database; the history runs on one connection from it. */
    abstract DataSource freshDatabase();

    abstract CatalogReader catalogReader();

    abstract Dialect dialect();

    abstract List<CorpusStatement> history();

    /** The fewest statements the history must hold. */
    abstract int minimumStatements();

    @BeforeAll
    void runTheHistory() throws SQLException {
        outcomes = CorpusRun.run(freshDatabase(), catalogReader(), dialect(), history());
        CorpusRun.writeTruth(engine(), outcomes);
    }

    @Test
    void historyIsLongEnough() {
        assertThat(CorpusRun.compared(outcomes)).hasSizeGreaterThanOrEqualTo(minimumStatements());
    }

    @Test
    void everyStatementOfTheHistoryRunsOnTheEngine() {
        String failures = CorpusRun.engineFailures(outcomes);
        if (!failures.isEmpty()) {
            fail(engine() + " rejected statements of the history:\n" + failures);
        }
    }

    @Test
    void catalogShowsAChangeForEveryDdlStatementAndNoneForTheRest() {
        String problems = CorpusRun.truthProblems(outcomes);
        if (!problems.isEmpty()) {
            fail("the truth derived from " + engine() + "'s catalog is wrong here:\n" + problems);
        }
    }

    @Test
    void parserAgreesWithTheEngineOnEveryStatement() {
        String disagreements = CorpusRun.disagreements(engine(), outcomes);
        if (!disagreements.isEmpty()) {
            fail(disagreements);
        }
    }
}
