package io.ddlguard.agent;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the agent was asked to run: from the agent argument ({@code -javaagent:ddlguard-agent.jar=rules=/r.yaml,
 * on-error=warn,debug=true}), else the system properties {@code ddlguard.rules}, {@code ddlguard.on-error},
 * {@code ddlguard.debug}, else the environment variables {@code DDLGUARD_RULES}, {@code DDLGUARD_ON_ERROR}.
 *
 * @param rules       the rules file, if any
 * @param warnOnError whether a bad rules file is reported and the application started anyway (with the guard's
 *                    defaults), instead of refused
 * @param debug       whether the agent prints diagnostics
 */
record AgentOptions(Optional<Path> rules, boolean warnOnError, boolean debug) {

    /** Reads the agent argument (may be null or empty), then the system properties, then the environment. */
    static AgentOptions from(String agentArgs, Map<String, String> env) {
        String rules = null;
        String onError = null;
        String debug = null;
        if (agentArgs != null && !agentArgs.isBlank()) {
            for (String part : agentArgs.split(",")) {
                int eq = part.indexOf('=');
                String key = (eq < 0 ? part : part.substring(0, eq)).trim();
                String value = eq < 0 ? "true" : part.substring(eq + 1).trim();
                switch (key) {
                    case "rules" -> rules = value;
                    case "on-error" -> onError = value;
                    case "debug" -> debug = value;
                    default -> throw new IllegalArgumentException("ddlguard agent: unknown agent argument '" + key
                            + "' in '" + agentArgs + "'; known: rules, on-error, debug");
                }
            }
        }
        rules = first(rules, System.getProperty("ddlguard.rules"), env.get("DDLGUARD_RULES"));
        onError = first(onError, System.getProperty("ddlguard.on-error"), env.get("DDLGUARD_ON_ERROR"));
        debug = first(debug, System.getProperty("ddlguard.debug"), null);
        boolean warn;
        if (onError == null || onError.equalsIgnoreCase("fail")) {
            warn = false;
        } else if (onError.equalsIgnoreCase("warn")) {
            warn = true;
        } else {
            throw new IllegalArgumentException("ddlguard agent: on-error must be fail or warn, not '" + onError + "'");
        }
        return new AgentOptions(Optional.ofNullable(rules).map(Path::of), warn,
                debug != null && debug.toLowerCase(Locale.ROOT).equals("true"));
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
