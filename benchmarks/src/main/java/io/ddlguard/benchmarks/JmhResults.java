package io.ddlguard.benchmarks;

import org.apache.commons.math3.distribution.TDistribution;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reading JMH's results: finding one run, its score and error, percentiles, per-iteration secondary scores. */
final class JmhResults {

    private JmhResults() {
    }

    /** The rate of secondary result {@code name} in each measurement iteration that counted any. */
    static List<Double> iterationScores(RunResult r, String name) {
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult b : r.getBenchmarkResults()) {
            for (IterationResult i : b.getIterationResults()) {
                Result<?> result = i.getSecondaryResults().get(name);
                if (result != null && result.getScore() > 0) {
                    scores.add(result.getScore() * EndToEndBenchmark.WAYS.size());
                }
            }
        }
        return scores;
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Half the width of the 99.9 % confidence interval of the mean of {@code values}, as JMH computes it. */
    static double error999(List<Double> values) {
        int n = values.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mean = mean(values);
        double variance = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (n - 1);
        double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - 0.001 / 2);
        return t * Math.sqrt(variance / n);
    }

    /** The one result of benchmark method {@code method} whose parameters include {@code params}. */
    static RunResult find(Collection<RunResult> results, String method, Map<String, String> params) {
        RunResult found = null;
        for (RunResult r : results) {
            if (!method(r).equals(method)) {
                continue;
            }
            boolean matches = params.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(r.getParams().getParam(e.getKey())));
            if (matches) {
                if (found != null) {
                    throw new IllegalStateException("more than one result for " + method + " " + params);
                }
                found = r;
            }
        }
        if (found == null) {
            throw new IllegalStateException("no result for " + method + " " + params);
        }
        return found;
    }

    static String method(RunResult r) {
        String benchmark = r.getParams().getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    static String params(RunResult r) {
        List<String> parts = new ArrayList<>();
        for (String key : r.getParams().getParamsKeys()) {
            parts.add(key + "=" + r.getParams().getParam(key));
        }
        return String.join(", ", parts);
    }

    static double score(RunResult r) {
        return r.getPrimaryResult().getScore();
    }

    static double error(Result<?> r) {
        double e = r.getScoreError();
        return Double.isNaN(e) ? 0 : e;
    }

    static double relativeError(RunResult r) {
        return error(r.getPrimaryResult()) / score(r);
    }

    static double combinedError(Result<?> a, Result<?> b) {
        return Math.hypot(error(a), error(b));
    }

    /** A percentile of a sampled result, in milliseconds (the guard benchmarks report microseconds). */
    static double percentileMs(RunResult r, double percentile) {
        Result<?> p = r.getPrimaryResult();
        double value = p.getStatistics().getPercentile(percentile);
        return switch (p.getScoreUnit()) {
            case "us/op" -> value / 1_000;
            case "ms/op" -> value;
            case "ns/op" -> value / 1_000_000;
            default -> throw new IllegalStateException("unexpected unit " + p.getScoreUnit());
        };
    }
}
