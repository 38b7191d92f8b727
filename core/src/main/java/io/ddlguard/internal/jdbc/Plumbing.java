package io.ddlguard.internal.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one list of what a borrow stack holds besides application code, so that a report names the application's
 * frame and the framework that borrowed for it. A borrow through Spring Boot's starter passes ddlguard's proxy,
 * reflection, Spring AOP and a CGLIB subclass before it reaches the pool, 7 or 8 frames of plumbing whose classes
 * change as the JIT warms up (a native reflection accessor first, a generated one later): every variant is listed,
 * so that the application's frame is found whichever the JVM used. Stateless and thread-safe.
 *
 * <p>To extend the list: add a prefix to {@link #PREFIXES} (plumbing the report should skip), a marker to
 * {@link #GENERATED} (proxy classes generated at run time, named after the class they proxy), or a framework to
 * {@link #FRAMEWORKS} (code that borrows connections for the application, named in the report as "opened by").
 * {@code ConnectionOriginTest} and {@code PlumbingTest} enumerate them.
 */
public final class Plumbing {

    /**
     * Class-name prefixes of plumbing: the JDK (reflection, method handles, dynamic proxies), ddlguard's own
     * wrappers and its starter's and agent's entry points, connection pools, and Spring's AOP, CGLIB and
     * connection-binding support.
     */
    static final List<String> PREFIXES = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.proxy.",
            "io.ddlguard.internal.", "io.ddlguard.DdlGuard", "io.ddlguard.spring.DataSourceWrapper",
            "io.ddlguard.agent.",
            "com.zaxxer.hikari.", "org.apache.commons.dbcp", "org.apache.tomcat.jdbc.", "com.mchange.v2.c3p0.",
            "org.vibur.dbcp.", "oracle.ucp.", "io.agroal.",
            "org.springframework.aop.", "org.springframework.cglib.", "org.springframework.jdbc.datasource.",
            "org.springframework.transaction.", "org.springframework.orm.", "org.springframework.dao.");

    /** Markers in the names of classes generated at run time to proxy another: CGLIB, Byte Buddy, Javassist. */
    static final List<String> GENERATED = List.of("$$SpringCGLIB$$", "$$EnhancerBySpringCGLIB$$",
            "$$EnhancerByCGLIB$$", "$$FastClassBySpringCGLIB$$", "$ByteBuddy$", "$HibernateProxy$", "_$$_jvst");

    /** The frameworks that borrow connections for the application, by the prefix of their classes, as named. */
    static final Map<String, String> FRAMEWORKS = orderedMap(
            "org.flywaydb.", "Flyway",
            "liquibase.", "Liquibase",
            "org.hibernate.", "Hibernate",
            "org.springframework.jdbc.core.", "Spring JdbcTemplate",
            "org.springframework.jdbc.object.", "Spring JDBC",
            "org.springframework.boot.jdbc.init.", "Spring Boot's spring.sql.init",
            "org.springframework.jdbc.datasource.init.", "Spring's script runner",
            "org.springframework.test.", "Spring's test context",
            "org.jooq.", "jOOQ",
            "org.apache.ibatis.", "MyBatis",
            "org.mybatis.", "MyBatis");

    private Plumbing() {
    }

    /** Whether a frame of {@code className} is plumbing: neither application code nor a framework's. */
    public static boolean isPlumbing(String className) {
        for (String prefix : PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        for (String marker : GENERATED) {
            if (className.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** The framework a frame of {@code className} belongs to, as a report names it; empty for any other code. */
    public static Optional<String> framework(String className) {
        for (Map.Entry<String, String> f : FRAMEWORKS.entrySet()) {
            if (className.startsWith(f.getKey())) {
                return Optional.of(f.getValue());
            }
        }
        return Optional.empty();
    }

    /** The frames of {@code stack} that are application code, innermost first: neither plumbing nor a framework. */
    public static List<StackTraceElement> applicationFrames(List<StackTraceElement> stack) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (StackTraceElement frame : stack) {
            String className = frame.getClassName();
            if (!isPlumbing(className) && framework(className).isEmpty()) {
                frames.add(frame);
            }
        }
        return frames;
    }

    /**
     * The framework that borrowed the connection of {@code stack}: the innermost framework frame, provided no
     * application frame comes before it; empty when application code borrowed it itself.
     */
    public static Optional<String> openedBy(List<StackTraceElement> stack) {
        for (StackTraceElement frame : stack) {
            String className = frame.getClassName();
            Optional<String> framework = framework(className);
            if (framework.isPresent()) {
                return framework;
            }
            if (!isPlumbing(className)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> orderedMap(String... prefixAndName) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < prefixAndName.length; i += 2) {
            map.put(prefixAndName[i], prefixAndName[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
