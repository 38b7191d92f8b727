package io.ddlguard.internal.guard;

import io.ddlguard.ConnectionOrigin;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import io.ddlguard.internal.jdbc.Plumbing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Renders the holders of a blocked statement as text to be read in a log: one paragraph per session, roots of
 * wait chains first, durations relative to the moment of the report. Stateless. Public only for
 * {@link LockHolder#describe}; not part of the API.
 */
public final class BlockerReport {

    /**
     * Frames of a borrow stack shown per connection: its application frames (the framework that borrowed for them is
     * named as "opened by"); the full stack is in {@link ConnectionOrigin#stack()}.
     */
    private static final int FRAMES = 8;
    /** Longest query text shown; the full text is in {@link LockHolder#query()}. */
    private static final int QUERY_CHARS = 300;

    private BlockerReport() {
    }

    /**
     * @param sql        the refused statement
     * @param headline   what happened, such as "was not run" or "is running anyway"
     * @param word       what the engine calls a session id: {@code pid}, {@code connection}, {@code session}
     * @param limitation what the guard could not see, or empty
     */
    static String render(String sql, String headline, List<LockHolder> holders, DropPolicy policy, Duration waited,
                         Instant now, String word, String limitation) {
        StringBuilder out = new StringBuilder();
        Map<String, List<LockHolder>> sessions = bySession(holders);
        out.append(oneLine(sql, QUERY_CHARS)).append(' ').append(headline).append(": ");
        if (sessions.isEmpty()) {
            out.append("each attempt timed out on its locks, but no holder was visible when the guard looked");
        } else {
            out.append(sessions.size()).append(sessions.size() == 1 ? " session holds or awaits"
                    : " sessions hold or await").append(" locks it needs");
        }
        out.append(" (policy ").append(policy).append(", after ").append(duration(waited)).append(").");
        if (!limitation.isEmpty()) {
            out.append("\n  Note: ").append(limitation).append('.');
        }
        appendSessions(out, sessions, now, word, Thread.currentThread().getName());
        return out.toString();
    }

    /**
     * The paragraphs of {@link #render} without its headline: one per session, each starting on a new line with
     * two spaces of indentation, then the note on hidden fields when there is one; empty when there are no holders.
     */
    public static String sessions(List<LockHolder> holders, Instant now) {
        StringBuilder out = new StringBuilder();
        appendSessions(out, bySession(holders), now, "pid", null);
        return out.isEmpty() ? "" : out.substring(1);
    }

    /**
     * @param word            what the engine calls a session id
     * @param statementThread the name of the thread running the refused statement, or null when not known
     */
    private static void appendSessions(StringBuilder out, Map<String, List<LockHolder>> sessions, Instant now,
                                       String word, String statementThread) {
        List<String> hiddenPids = new ArrayList<>();
        String hiddenBecause = null;
        for (List<LockHolder> session : sessions.values()) {
            LockHolder h = session.get(0);
            out.append("\n  ");
            describe(out, session, now, word, statementThread);
            if (!h.hidden().isEmpty()) {
                h.pid().ifPresent(p -> hiddenPids.add(Long.toString(p)));
                hiddenBecause = h.hiddenBecause().orElse(hiddenBecause);
            }
        }
        if (!hiddenPids.isEmpty()) {
            out.append("\nState, transaction start, client address and query of ").append(word).append(' ')
                    .append(String.join(", ", hiddenPids))
                    .append(" are hidden: ").append(hiddenBecause).append('.');
        }
    }

    /**
     * The holders grouped by wait chain (in the order the chains first appear) with each chain's root before the
     * sessions queued behind it: the inspector groups by chain but orders a chain's sessions by pid.
     */
    static List<LockHolder> rootsFirst(Iterable<LockHolder> holders) {
        Map<String, List<LockHolder>> roots = new LinkedHashMap<>();
        Map<String, List<LockHolder>> waiting = new LinkedHashMap<>();
        for (LockHolder h : holders) {
            String chain = h.blockedBy().isPresent() ? "pid " + h.blockedBy().getAsLong() : session(h);
            roots.computeIfAbsent(chain, k -> new ArrayList<>());
            waiting.computeIfAbsent(chain, k -> new ArrayList<>());
            (h.blockedBy().isPresent() ? waiting : roots).get(chain).add(h);
        }
        List<LockHolder> ordered = new ArrayList<>();
        roots.forEach((chain, chainRoots) -> {
            ordered.addAll(chainRoots);
            ordered.addAll(waiting.get(chain));
        });
        return List.copyOf(ordered);
    }

    /**
     * The session a holder belongs to: {@code pid N}, {@code gid X} for a prepared transaction, or for a connection
     * with no session id (SQLite) the connection itself.
     */
    private static String session(LockHolder h) {
        if (h.pid().isPresent()) {
            return "pid " + h.pid().getAsLong();
        }
        if (h.preparedTransaction().isPresent()) {
            return "gid " + h.preparedTransaction().get();
        }
        return "connection@" + System.identityHashCode(h);
    }

    private static Map<String, List<LockHolder>> bySession(List<LockHolder> holders) {
        Map<String, List<LockHolder>> sessions = new LinkedHashMap<>();
        for (LockHolder h : holders) {
            String key = session(h);
            sessions.computeIfAbsent(key, k -> new ArrayList<>()).add(h);
        }
        return sessions;
    }

    private static void describe(StringBuilder out, List<LockHolder> session, Instant now, String word,
                                 String statementThread) {
        LockHolder h = session.get(0);
        if (h.preparedTransaction().isPresent()) {
            String gid = h.preparedTransaction().get().replace("'", "''");
            out.append("prepared transaction '").append(gid).append("' holds ").append(locks(session))
                    .append(" with no session; end it with COMMIT PREPARED '").append(gid)
                    .append("' or ROLLBACK PREPARED '").append(gid).append('\'');
            return;
        }
        if (h.pid().isPresent()) {
            out.append(word).append(' ').append(h.pid().getAsLong());
        } else {
            out.append("a connection");
        }
        if (h.olderSnapshot()) {
            out.append(" holds a snapshot older than the concurrent index build, which waits for its transaction to end");
        } else {
            out.append(h.granted() ? " holds " : " is queued for ").append(locks(session));
        }
        List<String> facts = new ArrayList<>();
        h.state().ifPresent(state -> facts.add(state + h.stateSince().map(t -> " for " + age(t, now)).orElse("")));
        h.transactionStart().ifPresent(t -> facts.add("transaction open " + age(t, now)));
        h.user().ifPresent(u -> facts.add("user " + u));
        h.applicationName().filter(a -> !a.isEmpty()).ifPresent(a -> facts.add("application \"" + a + '"'));
        h.clientAddress().ifPresent(a -> facts.add("client " + a));
        if (!facts.isEmpty()) {
            out.append(": ").append(String.join(", ", facts));
        }
        OptionalLong root = h.blockedBy();
        if (root.isPresent()) {
            out.append("; it is itself waiting, behind ").append(word).append(' ').append(root.getAsLong());
        }
        h.query().ifPresent(q -> out.append("\n    last query: ").append(oneLine(q, QUERY_CHARS)));
        h.origin().ifPresent(origin -> describe(out, origin, now, statementThread));
    }

    private static void describe(StringBuilder out, ConnectionOrigin origin, Instant now, String statementThread) {
        out.append("\n    this application's connection, from ").append(origin.dataSource());
        origin.openedBy().ifPresent(tool -> out.append(", opened by ").append(tool));
        out.append(", borrowed ").append(age(origin.borrowedAt(), now)).append(" ago by thread \"")
                .append(origin.thread()).append('"');
        if (!origin.thread().isEmpty() && origin.thread().equals(statementThread)) {
            // Virtual threads are unnamed by default: an empty name says nothing about which thread it was.
            out.append(" (the thread running this statement: waiting for it would never end)");
        }
        if (!origin.autoCommit()) {
            out.append(", auto-commit off");
            origin.transactionMark().ifPresent(t -> out.append(" (last commit/rollback or begin ")
                    .append(age(t, now)).append(" ago)"));
        }
        for (String sql : origin.openResultSets()) {
            out.append("\n    unclosed result set: ").append(oneLine(sql, QUERY_CHARS));
        }
        List<StackTraceElement> application = Plumbing.applicationFrames(origin.stack());
        frames(out, application.isEmpty() ? origin.stack() : application);
        if (origin.stack().isEmpty()) {
            out.append("\n      (where it was borrowed is not known: stack capture is off;"
                    + " DdlGuard.builder().captureStackTraces(true) records it)");
            if (!origin.threadNow().isEmpty()) {
                out.append("\n    thread \"").append(origin.thread()).append("\" is now at:");
                frames(out, origin.threadNow());
            }
        }
    }

    private static void frames(StringBuilder out, List<StackTraceElement> stack) {
        for (int i = 0; i < Math.min(FRAMES, stack.size()); i++) {
            out.append("\n      at ").append(stack.get(i));
        }
        if (stack.size() > FRAMES) {
            out.append("\n      ... ").append(stack.size() - FRAMES).append(" more");
        }
    }

    private static String locks(List<LockHolder> session) {
        Map<String, List<String>> byMode = new LinkedHashMap<>();
        for (LockHolder h : session) {
            byMode.computeIfAbsent(h.mode(), m -> new ArrayList<>()).add(h.relation());
        }
        List<String> parts = new ArrayList<>();
        byMode.forEach((mode, relations) -> parts.add(mode + " on " + String.join(", ", relations)));
        return String.join("; ", parts);
    }

    private static String age(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        return duration(d.isNegative() ? Duration.ZERO : d);
    }

    static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 120_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        if (millis < 7_200_000) {
            return millis / 60_000 + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000.0);
    }

    private static String oneLine(String sql, int max) {
        String line = sql.strip().replaceAll("\\s+", " ");
        return line.length() <= max ? line : line.substring(0, max) + "…";
    }
}
