package io.ddlguard.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@link Report} run measured, collected section by section, and its two renderings: {@code latest.md}
 * for people and {@code latest.json} for tools. Not thread-safe.
 */
final class ReportDocument {

    final List<Row> rows = new ArrayList<>();
    /** Each JMH invocation's own JSON array, without its brackets. */
    final List<String> jmhJson = new ArrayList<>();
    final Map<String, String> environment = new LinkedHashMap<>();
    final Map<String, String> sectionLoad = new LinkedHashMap<>();
    final Map<String, String> sectionSettings = new LinkedHashMap<>();
    final StringBuilder details = new StringBuilder();

    /** The summary: one line per target or recorded figure. */
    String summaryTable() {
        StringBuilder md = new StringBuilder("| section | what | result | target | verdict |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.section()).append(" | ").append(r.what()).append(" | ").append(r.result())
                    .append(" | ").append(r.target()).append(" | ").append(r.verdict()).append(" |\n");
        }
        return md.toString();
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Benchmark results\n\n");
        md.append("Written by `benchmarks/run` (`io.ddlguard.benchmarks.Report`). Verdicts are computed from the ")
                .append("numbers: *met* or *missed* by the point estimate; *(within error)* when the error bar ")
                .append("reaches across the target, so a quieter run could turn it. Load averages are 1/5/15 min; ")
                .append("on a machine busy with other work they say the figures are noisy. Where the time goes, ")
                .append("and what stands in the way of the targets missed: [RESULTS-passthrough.md]")
                .append("(../RESULTS-passthrough.md) and [RESULTS-guard.md](../RESULTS-guard.md).\n\n");
        md.append("| environment | |\n|---|---|\n");
        environment.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n| section | JMH settings | load average before → after |\n|---|---|---|\n");
        sectionSettings.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" | ")
                .append(sectionLoad.get(k)).append(" |\n"));
        md.append("\n## Results against the targets\n\n").append(summaryTable());
        md.append("\n## Details\n").append(details);
        return md.toString();
    }

    String json() {
        StringBuilder json = new StringBuilder("{\n  \"environment\": {");
        String sep = "\n";
        for (Map.Entry<String, String> e : environment.entrySet()) {
            json.append(sep).append("    ").append(Row.quote(e.getKey())).append(": ").append(Row.quote(e.getValue()));
            sep = ",\n";
        }
        json.append("\n  },\n  \"sections\": {");
        sep = "\n";
        for (Map.Entry<String, String> e : sectionSettings.entrySet()) {
            json.append(sep).append("    ").append(Row.quote(e.getKey())).append(": {\"settings\": ")
                    .append(Row.quote(e.getValue())).append(", \"loadAverage\": ")
                    .append(Row.quote(sectionLoad.get(e.getKey()))).append('}');
            sep = ",\n";
        }
        json.append("\n  },\n  \"summary\": [");
        sep = "\n";
        for (Row r : rows) {
            json.append(sep).append("    ").append(r.json());
            sep = ",\n";
        }
        json.append("\n  ],\n  \"jmh\": [\n").append(String.join(",\n", jmhJson)).append("\n  ]\n}\n");
        return json.toString();
    }
}
