package io.ddlguard.it;

import java.sql.Connection;
import java.sql.SQLException;

/** Reads the parts of an engine's catalog a DDL statement can change. Implementations are stateless. */
interface CatalogReader {

    CatalogSnapshot read(Connection connection) throws SQLException;

    /** The schema an unqualified name resolves to on {@code connection}. */
    String defaultSchema(Connection connection) throws SQLException;

    /** How this engine compares names. */
    NameRule names();
}
