package io.ddlguard.it;

import io.ddlguard.DdlParser;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a migration history statement by statement on one connection, snapshots the catalog around each
 * statement, and sets what the catalog showed against what {@link DdlParser} says. Not thread-safe; one run per
 * history.
 */
final class CorpusRun {

    /**
     * What happened to one statement.
     *
     * @param engineError the engine's error message if the statement failed, else null
     * @param truth       the changes the catalog showed, plus hand-written ones
     * @param claims      what the parser said
     * @param missing     changes the parser did not report
     * @param unexpected  claims that match no change
     */
    record Outcome(int number, CorpusStatement statement, String engineError, List<Change> truth,
                   List<Claim> claims, List<Change> missing, List<Claim> unexpected) {

        boolean agrees() {
            return missing.isEmpty() && unexpected.isEmpty();
        }
    }

    private CorpusRun() {
    }

    static List<Outcome> run(DataSource dataSource, CatalogReader reader, Dialect dialect,
                             List<CorpusStatement> history) throws SQLException {
        List<Outcome> outcomes = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            String defaultSchema = reader.defaultSchema(c);
            CatalogSnapshot before = reader.read(c);
            int number = 0;
            for (CorpusStatement st : history) {
                number++;
                String engineError = null;
                try (Statement s = c.createStatement()) {
                    s.execute(st.sql());
                } catch (SQLException e) {
                    engineError = e.getSQLState() + " " + e.getErrorCode() + ": " + e.getMessage();
                }
                CatalogSnapshot after = reader.read(c);
                List<Change> truth = new ArrayList<>(CatalogDiff.between(before, after, reader.names()));
                truth.addAll(st.handWritten());
                before = after;
                List<Claim> claims;
                try {
                    claims = DdlParser.parse(st.sql(), dialect).stream()
                            .flatMap(e -> Claim.of(e).stream()).toList();
                } catch (RuntimeException e) {
                    claims = List.of(new Claim("threw " + e, null, null, null, null));
                }
                outcomes.add(match(number, st, engineError, truth, claims, dialect, reader.names(), defaultSchema));
            }
        }
        return List.copyOf(outcomes);
    }

    /** Pairs changes with claims: named claims first, so a nameless claim does not take a change a named one fits. */
    private static Outcome match(int number, CorpusStatement st, String engineError, List<Change> truth,
                                 List<Claim> claims, Dialect dialect, NameRule names, String defaultSchema) {
        List<Claim> unmatched = new ArrayList<>(claims);
        unmatched.sort((a, b) -> Boolean.compare(a.name() == null, b.name() == null));
        List<Change> missing = new ArrayList<>();
        for (Change change : truth) {
            Claim found = unmatched.stream()
                    .filter(cl -> cl.action() != null && cl.reports(change, dialect, names, defaultSchema))
                    .findFirst().orElse(null);
            if (found == null) {
                missing.add(change);
            } else {
                unmatched.remove(found);
            }
        }
        return new Outcome(number, st, engineError, List.copyOf(truth), claims, missing, unmatched);
    }

    /** The statements the engine rejected, one per line. */
    static String engineFailures(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> o.engineError() != null)
                .map(o -> header(o) + "\n      engine error: " + o.engineError())
                .collect(Collectors.joining("\n"));
    }

    /** DDL the catalog showed nothing for, and non-DDL it showed something for: the truth side is broken there. */
    static String truthProblems(List<Outcome> outcomes) {
        List<String> lines = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.statement().role() == CorpusStatement.Role.DDL && o.truth().isEmpty()) {
                lines.add(header(o) + "\n      the catalog showed no change for this DDL");
            } else if (o.statement().role() == CorpusStatement.Role.NON_DDL && !o.truth().isEmpty()) {
                lines.add(header(o) + "\n      the catalog changed for this non-DDL: " + o.truth());
            }
        }
        return String.join("\n", lines);
    }

    /** Every compared statement the parser got wrong, with what the engine showed and what the parser said. */
    static String disagreements(String engine, List<Outcome> outcomes) {
        List<Outcome> wrong = compared(outcomes).stream().filter(o -> !o.agrees()).toList();
        if (wrong.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder().append(engine).append(": the parser disagrees with the engine on ")
                .append(wrong.size()).append(" of ").append(compared(outcomes).size()).append(" statements\n");
        for (Outcome o : wrong) {
            sb.append('\n').append(header(o)).append('\n');
            sb.append("      engine showed: ").append(list(o.truth())).append('\n');
            sb.append("      parser said:   ").append(list(o.claims())).append('\n');
            if (!o.missing().isEmpty() && !o.claims().isEmpty()) {
                sb.append("      not reported:  ").append(list(o.missing())).append('\n');
            }
            if (!o.unexpected().isEmpty() && !o.truth().isEmpty()) {
                sb.append("      not seen:      ").append(list(o.unexpected())).append('\n');
            }
        }
        return sb.toString();
    }

    /** Statement by statement, what the catalog showed; written next to the test reports for review. */
    static void writeTruth(String engine, List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder();
        for (Outcome o : outcomes) {
            sb.append(header(o)).append('\n');
            if (o.statement().role() == CorpusStatement.Role.EXCEPTED) {
                sb.append("      excepted: ").append(o.statement().reason()).append('\n');
            }
            if (!o.statement().handWritten().isEmpty()) {
                sb.append("      hand-written because: ").append(o.statement().reason()).append('\n');
            }
            sb.append("      truth: ").append(list(o.truth())).append('\n');
        }
        Path file = Path.of("target", "corpus-truth-" + engine.toLowerCase().replace(' ', '-') + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Outcome> compared(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> o.statement().role() != CorpusStatement.Role.EXCEPTED).toList();
    }

    private static String header(Outcome o) {
        return String.format("#%-3d %s", o.number(), o.statement().sql().strip().replaceAll("\\s*\\n\\s*", " ⏎ "));
    }

    private static String list(List<?> items) {
        return items.isEmpty() ? "(nothing)"
                : items.stream().map(Object::toString).collect(Collectors.joining("; "));
    }
}
