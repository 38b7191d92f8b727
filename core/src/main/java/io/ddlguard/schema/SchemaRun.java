package io.ddlguard.schema;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.element.Action;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.internal.dispatch.EventDispatcher;
import io.ddlguard.internal.jdbc.DdlConnection;
import io.ddlguard.internal.parser.StatementParser;
import io.ddlguard.internal.log.Log;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a createAll or dropAll on a ddlguard connection: existence checks, the plan, the DROP preflight, the
 * unit-level events around the statements, and the transaction that makes the run all-or-nothing where DDL is
 * transactional. Stateless.
 */
final class SchemaRun {

    private static final Log LOG = Log.of(SchemaRun.class);

    private SchemaRun() {
    }

    static RunResult run(Connection connection, List<Table> tables, Action action, boolean checkFirst)
            throws SQLException {
        DdlConnection ddl = ddlConnection(connection, action);
        EventDispatcher dispatcher = (EventDispatcher) ddl.router();
        Dialect dialect = dispatcher.dialectOf(ddl);
        boolean ownTransaction = DialectRules.of(dialect).transactionalDdl() && ddl.getAutoCommit();
        if (ownTransaction) {
            ddl.setAutoCommit(false);
        }
        try {
            List<Table> run = new ArrayList<>(tables.size());
            List<QualifiedName> skipped = new ArrayList<>();
            if (checkFirst) {
                Existence existing = Existence.read(ddl.delegate(), tables, dialect);
                for (Table t : tables) {
                    if (existing.contains(t.name()) == (action == Action.CREATE)) {
                        skipped.add(t.name());
                    } else {
                        run.add(t);
                    }
                }
            } else {
                run.addAll(tables);
            }
            RunPlan plan = action == Action.CREATE ? RunPlan.create(run, dialect, checkFirst)
                    : RunPlan.drop(run, dialect, checkFirst);
            for (String w : plan.warnings()) {
                LOG.warn("{}: {}", dispatcher.name(), w);
            }
            if (action == Action.DROP) {
                preflight(ddl, dispatcher, plan, dialect);
            }
            dispatcher.fireUnit(ddl, plan.unit(), true);
            DdlConnection statements = ddl.withRouter(dispatcher.forUnit(plan.unit()));
            try (Statement s = statements.createStatement()) {
                for (String sql : plan.unit().statements()) {
                    s.execute(sql);
                }
            }
            dispatcher.fireUnit(ddl, plan.unit(), false);
            if (ownTransaction) {
                ddl.commit();
            }
            return new RunResult(plan.unit(), skipped, plan.warnings());
        } catch (SQLException | RuntimeException | Error e) {
            if (ownTransaction) {
                try {
                    ddl.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
            }
            throw e;
        } finally {
            if (ownTransaction) {
                ddl.setAutoCommit(true);
            }
        }
    }

    /**
     * Asks the guard about every DROP of the run at once, before any runs, and applies its policy: under FAIL a
     * holder of a lock any of them needs refuses the whole run with DropBlockedException, so no table is dropped
     * when the third would have been refused. Each statement is still guarded again when it runs.
     */
    private static void preflight(DdlConnection ddl, EventDispatcher dispatcher, RunPlan plan, Dialect dialect)
            throws SQLException {
        List<DdlElement> elements = new ArrayList<>();
        for (String sql : plan.unit().statements()) {
            elements.addAll(StatementParser.parse(sql, dialect));
        }
        if (!elements.isEmpty() && dispatcher.guard() != null) {
            // Only the policy's verdict is wanted here: what the check sets to bound its reads is put back at once.
            dispatcher.guard().check(ddl.delegate(), elements, false);
        }
    }

    private static DdlConnection ddlConnection(Connection connection, Action action) throws SQLException {
        DdlConnection ddl = null;
        if (connection instanceof DdlConnection d) {
            ddl = d;
        } else if (connection.isWrapperFor(DdlConnection.class)) {
            ddl = connection.unwrap(DdlConnection.class);
        }
        if (ddl == null || !(ddl.router() instanceof EventDispatcher)) {
            throw new IllegalArgumentException((action == Action.CREATE ? "createAll" : "dropAll")
                    + " needs a connection from a data source that DdlGuard.wrap(...) returned, so that the guard"
                    + " and the listeners see every statement (a listener's ctx.connection() is not one either): "
                    + connection);
        }
        return ddl;
    }
}
