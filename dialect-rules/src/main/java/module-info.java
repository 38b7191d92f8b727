/** ddlguard's per-dialect rules: lexing, identifier folding and quoting, dialect detection, PostgreSQL lock planning, lock inspection. */
module io.ddlguard.dialect.rules {
    requires transitive io.ddlguard.listener.api;
    requires transitive java.sql;
    exports io.ddlguard.dialect;
    exports io.ddlguard.dialect.postgres;
    exports io.ddlguard.dialect.mysql;
    exports io.ddlguard.dialect.h2;
    exports io.ddlguard.dialect.internal to io.ddlguard.core;
}
