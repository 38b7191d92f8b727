package io.ddlguard.dialect;

import io.ddlguard.element.Dialect;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/** Tells which dialect a database speaks, from a JDBC URL or a connection's metadata. Stateless and thread-safe. */
public final class DialectDetector {

    private DialectDetector() {
    }

    /**
     * The dialect a JDBC URL points at ({@code jdbc:postgresql:}, {@code jdbc:mariadb:}, {@code jdbc:h2:}, ...),
     * looking through wrappers such as {@code jdbc:p6spy:} and {@code jdbc:tc:}; empty when the URL names
     * no known database.
     */
    public static Optional<Dialect> fromUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            return Optional.empty();
        }
        String url = jdbcUrl.strip().toLowerCase(Locale.ROOT);
        if (!url.startsWith("jdbc:")) {
            return Optional.empty();
        }
        String rest = url.substring(5);
        for (String wrapper : new String[] {"p6spy:", "tc:", "otel:", "log4jdbc:", "ddlguard:"}) {
            if (rest.startsWith(wrapper)) {
                rest = rest.substring(wrapper.length());
            }
        }
        return fromProductName(rest.substring(0, Math.max(0, rest.indexOf(':'))));
    }

    /**
     * The dialect of the database behind {@code metaData}, from its product name (and, for MySQL-compatible
     * servers, its version string: MariaDB reports itself as MySQL to some drivers).
     */
    public static Dialect fromMetaData(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName();
        String version = metaData.getDatabaseProductVersion();
        Optional<Dialect> byName = fromProductName(product == null ? "" : product);
        if (byName.isPresent()) {
            Dialect d = byName.get();
            if (d.equals(Dialect.MYSQL) && version != null && version.toLowerCase(Locale.ROOT).contains("mariadb")) {
                return Dialect.MARIADB;
            }
            if (d.equals(Dialect.POSTGRESQL) && version != null && version.toLowerCase(Locale.ROOT).contains("cockroach")) {
                return Dialect.COCKROACHDB;
            }
            return d;
        }
        Optional<Dialect> byUrl = fromUrl(metaData.getURL());
        return byUrl.orElse(Dialect.GENERIC);
    }

    /** The dialect a database product name or JDBC subprotocol stands for ({@code "PostgreSQL"}, {@code "sqlserver"}). */
    public static Optional<Dialect> fromProductName(String productName) {
        String p = productName.strip().toLowerCase(Locale.ROOT);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        if (p.contains("postgres") || p.equals("pgsql")) {
            return Optional.of(Dialect.POSTGRESQL);
        }
        if (p.contains("cockroach")) {
            return Optional.of(Dialect.COCKROACHDB);
        }
        if (p.contains("mariadb")) {
            return Optional.of(Dialect.MARIADB);
        }
        if (p.contains("mysql")) {
            return Optional.of(Dialect.MYSQL);
        }
        if (p.equals("h2")) {
            return Optional.of(Dialect.H2);
        }
        if (p.contains("sqlite")) {
            return Optional.of(Dialect.SQLITE);
        }
        if (p.contains("oracle")) {
            return Optional.of(Dialect.ORACLE);
        }
        if (p.contains("sql server") || p.equals("sqlserver") || p.equals("jtds")) {
            return Optional.of(Dialect.MSSQL);
        }
        return Optional.empty();
    }
}
