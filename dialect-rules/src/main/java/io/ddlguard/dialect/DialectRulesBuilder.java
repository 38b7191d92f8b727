package io.ddlguard.dialect;

import io.ddlguard.dialect.DialectRules.Schemas;
import io.ddlguard.element.Dialect;

import java.time.Duration;

/** Builds the rules of one engine, or a variant of another's ({@link DialectRules}' table of engines). */
final class DialectRulesBuilder {
    final Dialect dialect;
    char openQuote = '"';
    char closeQuote = '"';
    boolean dollarQuotes;
    boolean emptyDollarQuotesOnly;
    boolean nestedComments;
    boolean hashComments;
    boolean dashCommentNeedsSpace;
    boolean slashSlashComments;
    boolean carriageReturnEndsLineComments;
    boolean backslashEscapes;
    boolean escapeStrings;
    boolean doubleQuotedStrings;
    boolean executableComments;
    boolean alternativeQuotes;
    boolean alternativeStrings;
    boolean goSeparator;
    boolean slashTerminator;
    boolean transactionalDdl;
    LockEngine lockEngine = LockEngine.NONE;
    Schemas schemas = Schemas.SCHEMAS;
    boolean alterConstraints = true;
    String dropForeignKey = " DROP CONSTRAINT ";
    String internalTablePrefix;
    boolean firstStatementOnly;
    Duration minimumLockWait = Duration.ofMillis(1);
    String sequencesQuery;
    String foreignKeysQuery;
    boolean renamesByProcedure;
    boolean indexesInTableDefinition;
    boolean databasesAreSchemas;
    boolean renameNamesKind;
    boolean alterColumnKeepsType;
    boolean tableLevelDropDefault = true;
    boolean analyzeIsTableMaintenance;
    boolean lockModePerTable;
    String[] lockingStatements = new String[0];

    DialectRulesBuilder(Dialect dialect) {
        this.dialect = dialect;
    }

    /** A builder holding the rules {@code from}, for {@code dialect}. */
    DialectRulesBuilder(DialectRules from, Dialect dialect) {
        this.dialect = dialect;
        openQuote = from.openQuote;
        closeQuote = from.closeQuote;
        dollarQuotes = from.dollarQuotes;
        emptyDollarQuotesOnly = from.emptyDollarQuotesOnly;
        nestedComments = from.nestedComments;
        hashComments = from.hashComments;
        dashCommentNeedsSpace = from.dashCommentNeedsSpace;
        slashSlashComments = from.slashSlashComments;
        carriageReturnEndsLineComments = from.carriageReturnEndsLineComments;
        backslashEscapes = from.backslashEscapes;
        escapeStrings = from.escapeStrings;
        doubleQuotedStrings = from.doubleQuotedStrings;
        executableComments = from.executableComments;
        alternativeQuotes = from.alternativeQuotes;
        alternativeStrings = from.alternativeStrings;
        goSeparator = from.goSeparator;
        slashTerminator = from.slashTerminator;
        transactionalDdl = from.transactionalDdl;
        lockEngine = from.lockEngine;
        schemas = from.schemas;
        alterConstraints = from.alterConstraints;
        dropForeignKey = from.dropForeignKey;
        internalTablePrefix = from.internalTablePrefix;
        firstStatementOnly = from.firstStatementOnly;
        minimumLockWait = from.minimumLockWait;
        sequencesQuery = from.sequencesQuery;
        foreignKeysQuery = from.foreignKeysQuery;
        renamesByProcedure = from.renamesByProcedure;
        indexesInTableDefinition = from.indexesInTableDefinition;
        databasesAreSchemas = from.databasesAreSchemas;
        renameNamesKind = from.renameNamesKind;
        alterColumnKeepsType = from.alterColumnKeepsType;
        tableLevelDropDefault = from.tableLevelDropDefault;
        analyzeIsTableMaintenance = from.analyzeIsTableMaintenance;
        lockModePerTable = from.lockModePerTable;
        lockingStatements = from.lockingKeywords;
    }

    DialectRulesBuilder quote(char open, char close) { openQuote = open; closeQuote = close; return this; }
    DialectRulesBuilder dollarQuotes() { dollarQuotes = true; return this; }
    DialectRulesBuilder emptyDollarQuotes() { dollarQuotes = true; emptyDollarQuotesOnly = true; return this; }
    DialectRulesBuilder nestedComments() { nestedComments = true; return this; }
    DialectRulesBuilder hashComments() { hashComments = true; return this; }
    DialectRulesBuilder dashCommentNeedsSpace() { dashCommentNeedsSpace = true; return this; }
    DialectRulesBuilder slashSlashComments() { slashSlashComments = true; return this; }
    DialectRulesBuilder carriageReturnEndsLineComments() { carriageReturnEndsLineComments = true; return this; }
    DialectRulesBuilder backslashEscapes() { backslashEscapes = true; return this; }
    DialectRulesBuilder escapeStrings() { escapeStrings = true; return this; }
    DialectRulesBuilder doubleQuotedStrings() { doubleQuotedStrings = true; return this; }
    DialectRulesBuilder executableComments() { executableComments = true; return this; }
    DialectRulesBuilder alternativeQuotes() { alternativeQuotes = true; return this; }
    DialectRulesBuilder alternativeStrings() { alternativeStrings = true; return this; }
    DialectRulesBuilder goSeparator() { goSeparator = true; return this; }
    DialectRulesBuilder slashTerminator() { slashTerminator = true; return this; }
    DialectRulesBuilder transactionalDdl() { transactionalDdl = true; return this; }
    DialectRulesBuilder lockingStatements(String... keywords) { lockingStatements = keywords; return this; }
    DialectRulesBuilder lockEngine(LockEngine engine) { lockEngine = engine; return this; }
    DialectRulesBuilder schemas(Schemas kind) { schemas = kind; return this; }
    DialectRulesBuilder noAlterConstraints() { alterConstraints = false; return this; }
    DialectRulesBuilder dropForeignKey(String clause) { dropForeignKey = clause; return this; }
    DialectRulesBuilder internalTablePrefix(String prefix) { internalTablePrefix = prefix; return this; }
    DialectRulesBuilder firstStatementOnly() { firstStatementOnly = true; return this; }
    DialectRulesBuilder minimumLockWait(Duration wait) { minimumLockWait = wait; return this; }
    DialectRulesBuilder sequencesQuery(String sql) { sequencesQuery = sql; return this; }
    DialectRulesBuilder foreignKeysQuery(String sql) { foreignKeysQuery = sql; return this; }
    DialectRulesBuilder renamesByProcedure() { renamesByProcedure = true; return this; }
    DialectRulesBuilder indexesInTableDefinition() { indexesInTableDefinition = true; return this; }
    DialectRulesBuilder databasesAreSchemas() { databasesAreSchemas = true; return this; }
    DialectRulesBuilder renameNamesKind() { renameNamesKind = true; return this; }
    DialectRulesBuilder alterColumnKeepsType() { alterColumnKeepsType = true; return this; }
    DialectRulesBuilder noTableLevelDropDefault() { tableLevelDropDefault = false; return this; }
    DialectRulesBuilder analyzeIsTableMaintenance() { analyzeIsTableMaintenance = true; return this; }
    DialectRulesBuilder lockModePerTable() { lockModePerTable = true; return this; }

    DialectRules build() {
        return new DialectRules(this);
    }
}
