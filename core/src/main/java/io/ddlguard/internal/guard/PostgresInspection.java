package io.ddlguard.internal.guard;

import io.ddlguard.LockHolder;
import io.ddlguard.dialect.postgres.LockConflict;
import io.ddlguard.dialect.postgres.LockMode;
import io.ddlguard.dialect.postgres.LockPlan;
import io.ddlguard.dialect.postgres.PlannedLock;
import io.ddlguard.dialect.postgres.PostgresLockPlanner;
import io.ddlguard.dialect.postgres.PostgresStatements;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.QualifiedName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One guarded text: the plans of the statements the planner knows, pre-checked exactly; and the statements
 * it does not know, whose holders are named after an attempt timed out, approximately.
 */
final class PostgresInspection implements Inspection {
    private final PostgresGuard guard;
    private final List<DdlElement> elements;
    private final List<LockPlan> plans;
    private final List<DdlElement> unplanned;
    /** The relations the unplanned statements name, in the strongest mode; read once, after a timeout. */
    private List<PlannedLock> named;

    PostgresInspection(PostgresGuard guard, List<DdlElement> elements, List<LockPlan> plans,
                       List<DdlElement> unplanned) {
        this.guard = guard;
        this.elements = elements;
        this.plans = plans;
        this.unplanned = unplanned;
    }

    @Override
    public List<DdlElement> elements() {
        return elements;
    }

    @Override
    public boolean precheck() {
        return !plans.isEmpty();
    }

    @Override
    public List<LockHolder> holders(Connection connection) throws SQLException {
        return guard.holders(connection, plannedConflicts(connection));
    }

    /** The conflicts with the locks of the planned statements. */
    private List<LockConflict> plannedConflicts(Connection connection) throws SQLException {
        List<LockConflict> conflicts = new ArrayList<>();
        for (LockPlan plan : plans) {
            conflicts.addAll(guard.inspector.holders(connection, plan));
        }
        return conflicts;
    }

    @Override
    public List<LockHolder> holdersAfterTimeout(Connection connection) throws SQLException {
        if (unplanned.isEmpty()) {
            return holders(connection);
        }
        if (named == null) {
            List<QualifiedName> names = new ArrayList<>();
            unplanned.forEach(e -> names.addAll(PostgresLockPlanner.namedRelations(e)));
            named = names.isEmpty() ? List.of() : guard.planner.named(connection, names, LockMode.ACCESS_EXCLUSIVE);
        }
        List<LockConflict> conflicts = plannedConflicts(connection);
        if (!named.isEmpty()) {
            conflicts.addAll(guard.inspector.holders(connection, new LockPlan(unplanned.get(0), named)));
        }
        return guard.holders(connection, conflicts);
    }

    @Override
    public boolean exact() {
        return unplanned.isEmpty();
    }

    @Override
    public boolean singleAttempt() {
        return plans.stream().anyMatch(p -> p.waitsForOlderSnapshots() || !p.lockerWaits().isEmpty())
                || unplanned.stream().anyMatch(e -> PostgresStatements.leavesStateOnTimeout(e.sql()));
    }

    @Override
    public String afterTimeout() {
        for (DdlElement e : unplanned) {
            String cleanup = PostgresStatements.cleanupAfterTimeout(e.sql());
            if (!cleanup.isEmpty()) {
                return " (" + cleanup + ")";
            }
        }
        return singleAttempt() ? " (a concurrent index build or drop cut off by its lock timeout leaves an"
                + " INVALID index behind: drop it with DROP INDEX CONCURRENTLY)" : "";
    }

    @Override
    public String limitation() {
        if (unplanned.isEmpty()) {
            return "";
        }
        List<String> relations = named == null ? List.of()
                : named.stream().filter(l -> l.kind() != PlannedLock.Kind.INDEX).map(PlannedLock::displayName)
                        .distinct().toList();
        String what = "ddlguard does not know which locks " + describe(unplanned) + " takes";
        String dynamic = unplanned.stream().anyMatch(e -> PostgresStatements.isDoBlock(e.sql()))
                ? "; of a DO block it reads only the DDL written in its body, not DDL it runs by EXECUTE or"
                + " through the functions it calls" : "";
        if (relations.isEmpty()) {
            return what + dynamic + ", and it names no relation ddlguard can find, so no holder can be named:"
                    + " the statement was bounded by its attempts alone";
        }
        return what + dynamic + ": the sessions above hold any lock on " + String.join(", ", relations)
                + ", which it names, and some of them may not block it (approximate)";
    }

    /** A statement for the report: its text, cut at 60 characters. */
    private static String describe(List<DdlElement> unplanned) {
        String sql = unplanned.get(0).sql().strip();
        int cut = Math.min(sql.length(), 60);
        return (cut < sql.length() ? sql.substring(0, cut) + "..." : sql) + (unplanned.size() > 1
                ? " (and " + (unplanned.size() - 1) + " more)" : "");
    }
}
