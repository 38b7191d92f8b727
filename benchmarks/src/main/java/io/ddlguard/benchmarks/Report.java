package io.ddlguard.benchmarks;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.benchmarks.JmhResults.combinedError;
import static io.ddlguard.benchmarks.JmhResults.error;
import static io.ddlguard.benchmarks.JmhResults.error999;
import static io.ddlguard.benchmarks.JmhResults.find;
import static io.ddlguard.benchmarks.JmhResults.iterationScores;
import static io.ddlguard.benchmarks.JmhResults.mean;
import static io.ddlguard.benchmarks.JmhResults.method;
import static io.ddlguard.benchmarks.JmhResults.params;
import static io.ddlguard.benchmarks.JmhResults.percentileMs;
import static io.ddlguard.benchmarks.JmhResults.relativeError;
import static io.ddlguard.benchmarks.JmhResults.score;

/**
 * The short profile of every benchmark, and the report: runs the five sections (pass-through, end-to-end, parser,
 * guard, memory) with settings that fit in about seven minutes on two cores, then writes {@code latest.md} (the
 * results against the targets of issue #9, with a verdict computed from the numbers) and {@code latest.json}
 * (the same rows, the environment, and JMH's own JSON of every run) to the output directory.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.ddlguard.benchmarks.Report [--out DIR] [--commit ID]
 * [--smoke]}; {@code benchmarks/run} builds the jar and runs this. {@code --smoke} runs one short iteration of
 * everything, to check the harness.
 */
public final class Report {

    private final Path out;
    private final String commit;
    /** One short iteration of everything: checks that the harness works, says nothing about speed. */
    private final boolean smoke;
    private final ReportDocument document = new ReportDocument();
    private final List<Row> rows = document.rows;
    private final List<String> jmhJson = document.jmhJson;
    private final Map<String, String> environment = document.environment;
    private final Map<String, String> sectionLoad = document.sectionLoad;
    private final Map<String, String> sectionSettings = document.sectionSettings;
    private final StringBuilder details = document.details;

    private Report(Path out, String commit, boolean smoke) {
        this.out = out;
        this.commit = commit;
        this.smoke = smoke;
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get("benchmarks/results");
        String commit = "unknown";
        boolean smoke = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Paths.get(args[++i]);
                case "--commit" -> commit = args[++i];
                case "--smoke" -> smoke = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: Report [--out DIR] [--commit ID] [--smoke]");
            }
        }
        Files.createDirectories(out);
        new Report(out, commit, smoke).run();
    }

    private void run() throws Exception {
        Instant start = Instant.now();
        environment.put("date", start.truncatedTo(ChronoUnit.SECONDS).toString());
        environment.put("commit", commit);
        environment.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        environment.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        environment.put("jmh", "1.37");
        if (smoke) {
            environment.put("mode", "SMOKE: one short iteration each; the numbers mean nothing");
        }
        environment.put("load average before", loadAverage());

        passThrough();
        endToEnd();
        parser();
        guard();
        memory();

        environment.put("load average after", loadAverage());
        environment.put("duration", formatDuration(Duration.between(start, Instant.now())));
        Files.writeString(out.resolve("latest.md"), document.markdown(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("latest.json"), document.json(), StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(document.summaryTable());
        System.out.println("Wrote " + out.resolve("latest.md") + " and " + out.resolve("latest.json"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Sections
    // ---------------------------------------------------------------------------------------------------------

    private void passThrough() throws RunnerException, IOException {
        String section = "pass-through";
        String before = loadAverage();
        List<RunResult> results = new ArrayList<>();
        results.addAll(jmh(section + "-stub", options("PassThroughBenchmark.pointSelect", 2, 3, 1, 4, 1)
                .param("driver", "stub")));
        results.addAll(jmh(section + "-stub-untracked", options("PassThroughBenchmark.pointSelect", 2, 3, 1, 4, 1)
                .param("driver", "stub-untracked").param("via", "raw", "ddlguard")));
        results.addAll(jmh(section + "-h2", options("PassThroughBenchmark.pointSelect", 1, 3, 1, 4, 1)
                .param("driver", "h2")));
        List<RunResult> borrows = jmh(section + "-borrow", options("BorrowBenchmark.borrow", 1, 3, 1, 4, 1));
        sectionSettings.put(section, settings("stub: 2 forks; H2 and borrows: 1 fork; 3 warm-up + 4 measurement "
                + "iterations of 1 s; average time"));
        sectionLoad.put(section, before + " → " + loadAverage());

        details.append("\n### Pass-through: one prepared point select (prepare, bind, execute, read, close)\n\n")
                .append("Same run, same workload; ns/op, mean ± 99.9 % error. The stub driver does no work, so its ")
                .append("rows are the wrappers' own cost. On `stub` ddlguard is told the dialect is PostgreSQL and ")
                .append("the connection is tracked by the guard (every result set recorded); `stub, no guard` is ")
                .append("the same with a dialect that has no guard (generic), so nothing is tracked. On H2 ddlguard ")
                .append("detects H2.\n\n")
                .append("| driver | wrapper | ns/op | over raw | ratio to raw |\n|---|---|---:|---:|---:|\n");
        for (String driver : List.of("stub", "stub-untracked", "h2")) {
            RunResult raw = find(results, "pointSelect", Map.of("driver", driver, "via", "raw"));
            for (RunResult r : results) {
                if (!driver.equals(r.getParams().getParam("driver"))) {
                    continue;
                }
                String via = r.getParams().getParam("via");
                Result<?> p = r.getPrimaryResult();
                double over = p.getScore() - raw.getPrimaryResult().getScore();
                details.append(String.format(Locale.ROOT, "| %s | %s | %.1f ± %.1f | %s | %.2f |%n",
                        driverName(driver), via, p.getScore(), error(p), via.equals("raw") ? "—"
                                : String.format(Locale.ROOT, "%+.1f ± %.1f", over, combinedError(p,
                                raw.getPrimaryResult())), p.getScore() / raw.getPrimaryResult().getScore()));
            }
        }

        details.append("\n`getConnection()` + `close()` on the stub (ddlguard tracks each connection; see the ")
                .append("end-to-end section, which borrows once per statement):\n\n")
                .append("| wrapper | ns/op | over raw |\n|---|---:|---:|\n");
        RunResult borrowRaw = find(borrows, "borrow", Map.of("via", "raw"));
        for (RunResult r : borrows) {
            String via = r.getParams().getParam("via");
            details.append(String.format(Locale.ROOT, "| %s | %.1f ± %.1f | %s |%n", via, score(r),
                    error(r.getPrimaryResult()), via.equals("raw") ? "—" : String.format(Locale.ROOT, "%+.1f",
                            score(r) - score(borrowRaw))));
        }
        Row borrowRow = Row.record(section, "per borrow (`getConnection` + `close`), stub driver, over raw",
                String.format(Locale.ROOT, "ddlguard %+.0f ns with stacks off, %+.0f ns with stacks on; "
                                + "datasource-proxy %+.0f, p6spy %+.0f",
                        score(find(borrows, "borrow", Map.of("via", "ddlguard-stacks-off"))) - score(borrowRaw),
                        score(find(borrows, "borrow", Map.of("via", "ddlguard"))) - score(borrowRaw),
                        score(find(borrows, "borrow", Map.of("via", "datasource-proxy"))) - score(borrowRaw),
                        score(find(borrows, "borrow", Map.of("via", "p6spy"))) - score(borrowRaw)));

        RunResult stubRaw = find(results, "pointSelect", Map.of("driver", "stub", "via", "raw"));
        RunResult stubGuard = find(results, "pointSelect", Map.of("driver", "stub", "via", "ddlguard"));
        double over = score(stubGuard) - score(stubRaw);
        rows.add(Row.atMost(section, "ddlguard over raw, stub driver, connection tracked (PostgreSQL)", over,
                combinedError(stubGuard.getPrimaryResult(), stubRaw.getPrimaryResult()), "ns/op", 20));
        RunResult untrackedRaw = find(results, "pointSelect", Map.of("driver", "stub-untracked", "via", "raw"));
        RunResult untrackedGuard = find(results, "pointSelect", Map.of("driver", "stub-untracked", "via", "ddlguard"));
        rows.add(Row.atMost(section, "ddlguard over raw, stub driver, no guard (generic dialect)",
                score(untrackedGuard) - score(untrackedRaw),
                combinedError(untrackedGuard.getPrimaryResult(), untrackedRaw.getPrimaryResult()), "ns/op", 20));
        for (String driver : List.of("stub", "h2")) {
            RunResult guard = find(results, "pointSelect", Map.of("driver", driver, "via", "ddlguard"));
            RunResult proxy = find(results, "pointSelect", Map.of("driver", driver, "via", "datasource-proxy"));
            RunResult p6spy = find(results, "pointSelect", Map.of("driver", driver, "via", "p6spy"));
            RunResult closest = score(proxy) < score(p6spy) ? proxy : p6spy;
            boolean straddles = Math.abs(score(closest) - score(guard))
                    <= combinedError(guard.getPrimaryResult(), closest.getPrimaryResult());
            rows.add(Row.check(section, "ddlguard below both peers, " + driverName(driver), String.format(Locale.ROOT,
                    "ddlguard %.1f, datasource-proxy %.1f, p6spy %.1f ns/op (raw %.1f)", score(guard), score(proxy),
                    score(p6spy), score(find(results, "pointSelect", Map.of("driver", driver, "via", "raw")))),
                    "lower than both", score(guard) < score(proxy) && score(guard) < score(p6spy), straddles));
        }
        rows.add(borrowRow);
    }

    private void endToEnd() throws RunnerException, IOException {
        String section = "end-to-end";
        String before = loadAverage();
        List<RunResult> results = jmh(section, options("EndToEndBenchmark", 1, 6, 1, 18, 1));
        sectionSettings.put(section, settings("1 fork per operation (each starts its own PostgreSQL); 4 threads; "
                + "6 warm-up + 18 measurement iterations of 1 s, the three ways taking turns iteration by iteration "
                + "(6 rounds each); throughput"));
        sectionLoad.put(section, before + " → " + loadAverage());
        details.append("\n### End-to-end: HikariCP (pool of 4) + embedded PostgreSQL, 4 threads\n\n")
                .append("Each operation borrows a connection, runs one prepared statement and returns it. The ")
                .append("three ways of reaching the pool take turns, one iteration each, over the same server and ")
                .append("pool; a round is one iteration of each. Throughput is the mean over rounds; the ratio is ")
                .append("the mean of the rounds' ratios to raw, ± its 99.9 % error.\n\n")
                .append("| operation | wrapper | ops/s | ratio to raw | rounds |\n|---|---|---:|---:|---:|\n");
        for (String op : List.of("pointSelect", "insert")) {
            RunResult r = find(results, op, Map.of());
            Map<String, List<Double>> perWay = new LinkedHashMap<>();
            for (String way : List.of("raw", "stacksOff", "stacksOn")) {
                perWay.put(way, iterationScores(r, way));
            }
            int rounds = perWay.values().stream().mapToInt(List::size).min().orElse(0);
            if (rounds == 0) {
                throw new IllegalStateException(op + ": a way never had an iteration");
            }
            List<Double> raw = perWay.get("raw");
            for (String way : perWay.keySet()) {
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    ratios.add(perWay.get(way).get(i) / raw.get(i));
                }
                double ratio = mean(ratios);
                double err = error999(ratios);
                String label = switch (way) {
                    case "raw" -> "raw";
                    case "stacksOff" -> "ddlguard, stacks off";
                    default -> "ddlguard, stacks on";
                };
                details.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.3f%s | %d |%n", op, label,
                        mean(perWay.get(way).subList(0, rounds)), ratio, Double.isNaN(err) || way.equals("raw") ? ""
                                : String.format(Locale.ROOT, " ± %.3f", err), rounds));
                if (!way.equals("raw")) {
                    boolean stacks = way.equals("stacksOn");
                    rows.add(Row.atLeast(section, (op.equals("insert") ? "inserts" : "point selects")
                            + ", throughput ratio to raw, stacks " + (stacks ? "on" : "off"), ratio, err, "×",
                            stacks ? 0.97 : 0.99));
                }
            }
        }
    }

    private void parser() throws RunnerException, IOException {
        String section = "parser";
        String before = loadAverage();
        List<RunResult> results = jmh(section, options("ParserBenchmark", 1, 3, 1, 4, 1));
        sectionSettings.put(section, settings("1 fork; 3 warm-up + 4 measurement iterations of 1 s"));
        sectionLoad.put(section, before + " → " + loadAverage());
        RunResult fast = find(results, "dmlFastPathPointSelect", Map.of());
        RunResult commented = find(results, "dmlFastPathCommentedInsert", Map.of());
        RunResult ours = find(results, "parseCorpus", Map.of());
        RunResult jsql = find(results, "jsqlParserCorpus", Map.of());
        rows.add(Row.atMost(section, "DML rejected by the fast path, `SELECT … WHERE id = ?`", score(fast),
                error(fast.getPrimaryResult()), "ns", 10));
        rows.add(Row.record(section, "DML rejected, `/* comment */ INSERT …`", String.format(Locale.ROOT,
                "%.1f ± %.1f ns", score(commented), error(commented.getPrimaryResult()))));
        rows.add(Row.atLeast(section, "DDL parsed, PostgreSQL corpus (" + ParserCorpus.SIZE + " statements)",
                score(ours), error(ours.getPrimaryResult()), "statements/s", 200_000));
        double speedup = score(ours) / score(jsql);
        rows.add(Row.atLeast(section, "ddlguard vs JSqlParser 5.4, same corpus (JSqlParser " + String.format(
                Locale.ROOT, "%,.0f statements/s)", score(jsql)), speedup,
                speedup * Math.hypot(relativeError(ours), relativeError(jsql)), "×", 10));
        ParserCorpus.Counts c = ParserCorpus.count();
        rows.add(Row.record(section, "statements parsed, of " + c.statements(), String.format(Locale.ROOT,
                "ddlguard %d into its model (the rest are `UnrecognizedDdl`: extensions, functions, triggers, types, "
                        + "grants, comments, policies, partitions…); JSqlParser %d without an exception (%d of "
                        + "ddlguard's %d)", c.ddlguard(), c.jsqlParser(), c.jsqlParserOfDdlguards(), c.ddlguard())));
        rows.add(Row.record(section, "DROP / ALTER / TRUNCATE statements parsed, of " + c.guardedStatements(),
                String.format(Locale.ROOT, "ddlguard %d, JSqlParser %d", c.ddlguardGuarded(), c.jsqlParserGuarded())));
        details.append("\n### Parser: statements JSqlParser 5.4 rejects\n\n")
                .append(c.jsqlParser() == c.statements() ? "None.\n" : "")
                .append(c.jsqlParserFailures().isEmpty() ? "" : "```sql\n");
        for (String sql : c.jsqlParserFailures()) {
            details.append(oneLine(sql)).append('\n');
        }
        details.append(c.jsqlParserFailures().isEmpty() ? "" : "```\n");
    }

    private void guard() throws RunnerException, IOException {
        String section = "guard";
        String before = loadAverage();
        List<RunResult> results = jmh(section,
                options("GuardBenchmark\\.(dropUnblocked|formUnblocked|failReport|planAndHolders)$", 1, 2, 1, 3, 2)
                .param("schema", "small", "big").param("via", "raw", "guarded").param("tx", "autocommit")
                .param("form", "planned", "unplanned").param("sql", "DROP TABLE bench.t150", "DROP SCHEMA bench CASCADE"));
        sectionSettings.put(section, settings("1 fork per configuration (each starts its own PostgreSQL); "
                + "2 warm-up iterations of 1 s + 3 measurement iterations of 2 s; every invocation sampled"));
        sectionLoad.put(section, before + " → " + loadAverage());
        details.append("\n### Guard: embedded PostgreSQL, medians (p90) in ms\n\n")
                .append("| benchmark | configuration | median | p90 |\n|---|---|---:|---:|\n");
        for (RunResult r : results) {
            details.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f |%n", method(r), params(r),
                    percentileMs(r, 50), percentileMs(r, 90)));
        }
        for (String schema : List.of("small", "big")) {
            RunResult raw = find(results, "dropUnblocked", Map.of("schema", schema, "via", "raw"));
            RunResult guarded = find(results, "dropUnblocked", Map.of("schema", schema, "via", "guarded"));
            double added = percentileMs(guarded, 50) - percentileMs(raw, 50);
            String medians = String.format(Locale.ROOT, "%.2f → %.2f ms", percentileMs(raw, 50),
                    percentileMs(guarded, 50));
            rows.add(Row.atMost(section, "unblocked DROP TABLE, time added (medians " + medians + "), "
                    + schemaName(schema), added, Double.NaN, "ms", 2));
        }
        for (String form : List.of("planned", "unplanned")) {
            for (String schema : List.of("small", "big")) {
                RunResult raw = find(results, "formUnblocked", Map.of("schema", schema, "via", "raw", "form", form));
                RunResult guarded = find(results, "formUnblocked",
                        Map.of("schema", schema, "via", "guarded", "form", form));
                String medians = String.format(Locale.ROOT, "%.2f → %.2f ms", percentileMs(raw, 50),
                        percentileMs(guarded, 50));
                String what = form.equals("planned") ? "a planned form (`COMMENT ON TABLE`: plan, holders, attempt)"
                        : "an unplanned form (`ALTER TABLE … SET LOGGED`: bounded attempt only)";
                rows.add(Row.record(section, "unblocked " + what + ", time added, " + schemaName(schema),
                        String.format(Locale.ROOT, "%+.2f ms (medians %s)",
                                percentileMs(guarded, 50) - percentileMs(raw, 50), medians)));
            }
        }
        for (String schema : List.of("small", "big")) {
            RunResult r = find(results, "failReport", Map.of("schema", schema));
            rows.add(Row.atMost(section, "blocked DROP to DropBlockedException (FAIL), median, " + schemaName(schema),
                    percentileMs(r, 50), Double.NaN, "ms", 50));
        }
        RunResult schema = find(results, "planAndHolders", Map.of("sql", "DROP SCHEMA bench CASCADE"));
        rows.add(Row.atMost(section, "lock prediction + holder query, `DROP SCHEMA bench CASCADE` (1,201 relations), "
                + "median", percentileMs(schema, 50), Double.NaN, "ms", 50));
        RunResult table = find(results, "planAndHolders", Map.of("sql", "DROP TABLE bench.t150"));
        rows.add(Row.record(section, "lock prediction + holder query, `DROP TABLE bench.t150` in the 300-table schema",
                String.format(Locale.ROOT, "%.2f ms median", percentileMs(table, 50))));
    }

    private void memory() throws IOException, InterruptedException {
        String section = "memory";
        String before = loadAverage();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-XX:+UseSerialGC", "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), ConnectionFootprint.class.getName(), "20000");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("ConnectionFootprint failed:\n" + output);
        }
        System.out.print(output);
        sectionSettings.put(section, "20,000 connections held, heap after full GCs (serial collector), own JVM");
        sectionLoad.put(section, before + " → " + loadAverage());
        Map<String, String> labels = Map.of("stacks-off", "stacks off", "stacks-on", "stacks on (shallow caller)",
                "stacks-on-100-frames", "stacks on, caller " + ConnectionFootprint.DEEP_FRAMES + " frames deep");
        for (String line : output.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 3 && parts[0].equals("footprint")) {
                rows.add(Row.record(section, "bytes retained per tracked connection, " + labels.get(parts[1]),
                        parts[2] + " bytes"));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // JMH
    // ---------------------------------------------------------------------------------------------------------

    private String settings(String settings) {
        return smoke ? "SMOKE: 1 fork, no warm-up, 3 iterations of 1 s" : settings;
    }

    private ChainedOptionsBuilder options(String include, int forks, int warmups, int warmupSeconds,
                                          int iterations, int iterationSeconds) {
        if (smoke) {
            // three iterations, so that each way of the end-to-end benchmark gets one
            return new OptionsBuilder().include(include).forks(1).warmupIterations(0).measurementIterations(3)
                    .measurementTime(TimeValue.seconds(1)).shouldFailOnError(true);
        }
        return new OptionsBuilder().include(include).forks(forks)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(warmupSeconds))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(iterationSeconds))
                .shouldFailOnError(true);
    }

    /** Runs one JMH invocation, keeping its JSON for {@code latest.json}. */
    private List<RunResult> jmh(String name, ChainedOptionsBuilder options) throws RunnerException, IOException {
        Path json = Files.createTempFile(out, "." + name + "-", ".json");
        try {
            Collection<RunResult> results = new Runner(options.resultFormat(ResultFormatType.JSON)
                    .result(json.toString()).build()).run();
            if (results.isEmpty()) {
                throw new IllegalStateException(name + ": no benchmark ran");
            }
            String text = Files.readString(json).strip();
            if (text.startsWith("[") && text.endsWith("]")) {
                String inner = text.substring(1, text.length() - 1).strip();
                if (!inner.isEmpty()) {
                    jmhJson.add(inner);
                }
            }
            return new ArrayList<>(results);
        } finally {
            Files.deleteIfExists(json);
        }
    }

    private static String driverName(String driver) {
        return switch (driver) {
            case "stub" -> "stub, tracked";
            case "stub-untracked" -> "stub, no guard";
            default -> driver;
        };
    }

    private static String schemaName(String schema) {
        return schema.equals("big") ? "300-table schema (1,200 relations)" : "table alone";
    }

    private static String oneLine(String sql) {
        String line = sql.replaceAll("\\s+", " ");
        return line.length() > 150 ? line.substring(0, 147) + "..." : line;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Output
    // ---------------------------------------------------------------------------------------------------------

    /** The 1-, 5- and 15-minute load averages, from {@code /proc/loadavg} where there is one. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            double one = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return one < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", one);
        }
    }

    private static String formatDuration(Duration d) {
        return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
}
