package io.ddlguard.benchmarks;

import java.util.Locale;

/**
 * One line of the summary: a measured value against a target (an upper or a lower bound), a yes/no check, or a
 * figure recorded without a target.
 */
record Row(String section, String what, String result, String target, String verdict, double value,
           double error, String unit, String comparator, double bound) {

    static Row atMost(String section, String what, double value, double error, String unit, double bound) {
        return bounded(section, what, value, error, unit, "<=", bound);
    }

    static Row atLeast(String section, String what, double value, double error, String unit, double bound) {
        return bounded(section, what, value, error, unit, ">=", bound);
    }

    private static Row bounded(String section, String what, double value, double error, String unit,
                               String comparator, double bound) {
        boolean upper = comparator.equals("<=");
        boolean met = upper ? value <= bound : value >= bound;
        boolean straddles = !Double.isNaN(error) && error > 0 && Math.abs(value - bound) <= error;
        String verdict = (met ? "met" : "**missed**") + (straddles ? " (within error)" : "");
        String result = format(value, unit) + (Double.isNaN(error) || error == 0 ? ""
                : " ± " + format(error, unit).replace(" " + unit, ""));
        return new Row(section, what, result, (upper ? "≤ " : "≥ ") + format(bound, unit), verdict, value,
                error, unit, comparator, bound);
    }

    static Row check(String section, String what, String result, String target, boolean met,
                     boolean withinError) {
        return new Row(section, what, result, target, (met ? "met" : "**missed**")
                + (withinError ? " (within error)" : ""), Double.NaN, Double.NaN, "", "check", Double.NaN);
    }

    static Row record(String section, String what, String result) {
        return new Row(section, what, result, "—", "—", Double.NaN, Double.NaN, "", "record", Double.NaN);
    }

    private static String format(double v, String unit) {
        String number;
        if (unit.equals("×")) {
            return String.format(Locale.ROOT, v < 2 ? "%.3f" : "%.1f", v) + unit;
        }
        number = Math.abs(v) >= 1_000 ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
        return number + " " + unit;
    }

    String json() {
        return "{\"section\": " + quote(section) + ", \"what\": " + quote(what) + ", \"result\": " + quote(result)
                + ", \"target\": " + quote(target) + ", \"verdict\": " + quote(verdict.replace("*", ""))
                + ", \"value\": " + number(value) + ", \"error\": " + number(error) + ", \"unit\": " + quote(unit)
                + ", \"comparator\": " + quote(comparator) + ", \"bound\": " + number(bound) + "}";
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    static String number(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.6g", v);
    }
}
