package io.ddlguard.internal.log;

import java.util.Objects;

/**
 * ddlguard's logger: slf4j when core's class loader can see it, {@link System.Logger} otherwise.
 *
 * <p>Core is a library (slf4j is on the class path beside it) and also the inside of the Java agent's jar, which is
 * loaded by the system class loader and carries no slf4j: an application whose slf4j lives in a child class loader
 * (a Spring Boot fat jar) or that has none must still get ddlguard's warnings, and must not get
 * {@code NoClassDefFoundError}. Which backend is used is decided at the first message, never when a class is loaded,
 * so that the agent's {@code premain} never initialises the application's logging before the application does.
 *
 * <p>Messages use slf4j's {@code {}} placeholders; a {@link Throwable} as the last argument is logged as the cause.
 * Thread-safe.
 */
public final class Log {

    private static final String SLF4J_FACTORY = "org.slf4j.LoggerFactory";

    private final String name;
    private volatile Backend backend;

    private Log(String name) {
        this.name = name;
    }

    /** The logger named after {@code type}. Cheap: nothing is resolved until the first message. */
    public static Log of(Class<?> type) {
        return new Log(Objects.requireNonNull(type, "type").getName());
    }

    /** Logs at DEBUG. */
    public void debug(String format, Object... arguments) {
        backend().debug(format, arguments);
    }

    /** Logs at INFO. */
    public void info(String format, Object... arguments) {
        backend().info(format, arguments);
    }

    /** Logs at WARN. */
    public void warn(String format, Object... arguments) {
        backend().warn(format, arguments);
    }

    private Backend backend() {
        Backend b = backend;
        if (b == null) {
            b = slf4jVisible() ? new Slf4jBackend(name) : new SystemBackend(System.getLogger(name));
            backend = b;
        }
        return b;
    }

    private static boolean slf4jVisible() {
        try {
            Class.forName(SLF4J_FACTORY, false, Log.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Where messages go. */
    interface Backend {
        void debug(String format, Object[] arguments);

        void info(String format, Object[] arguments);

        void warn(String format, Object[] arguments);
    }

    /** slf4j: loaded only when {@code org.slf4j} is visible, so that no other class here links against it. */
    private static final class Slf4jBackend implements Backend {
        private final org.slf4j.Logger logger;

        Slf4jBackend(String name) {
            this.logger = org.slf4j.LoggerFactory.getLogger(name);
        }

        @Override
        public void debug(String format, Object[] arguments) {
            logger.debug(format, arguments);
        }

        @Override
        public void info(String format, Object[] arguments) {
            logger.info(format, arguments);
        }

        @Override
        public void warn(String format, Object[] arguments) {
            logger.warn(format, arguments);
        }
    }

    /** The platform logger (java.util.logging unless the application installed another {@code LoggerFinder}). */
    static final class SystemBackend implements Backend {
        private final System.Logger logger;

        SystemBackend(System.Logger logger) {
            this.logger = logger;
        }

        @Override
        public void debug(String format, Object[] arguments) {
            log(System.Logger.Level.DEBUG, format, arguments);
        }

        @Override
        public void info(String format, Object[] arguments) {
            log(System.Logger.Level.INFO, format, arguments);
        }

        @Override
        public void warn(String format, Object[] arguments) {
            log(System.Logger.Level.WARNING, format, arguments);
        }

        private void log(System.Logger.Level level, String format, Object[] arguments) {
            if (logger.isLoggable(level)) {
                Throwable cause = arguments.length > 0 && arguments[arguments.length - 1] instanceof Throwable t
                        ? t : null;
                logger.log(level, format(format, arguments, cause == null ? arguments.length : arguments.length - 1),
                        cause);
            }
        }
    }

    /**
     * {@code format} with its first {@code count} {@code {}} placeholders replaced by {@code arguments} in order, as
     * slf4j does; placeholders beyond them stay as written, as does a placeholder escaped as <code>\{}</code>.
     */
    static String format(String format, Object[] arguments, int count) {
        if (format == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(format.length() + 16 * count);
        int next = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c == '\\' && format.startsWith("{}", i + 1)) {
                out.append("{}");
                i += 3;
            } else if (c == '{' && next < count && format.startsWith("{}", i)) {
                out.append(arguments[next++]);
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
