package io.ddlguard.benchmarks.stub;

import org.postgresql.PGConnection;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/** What the stub JDBC classes share. */
final class Stubs {

    private Stubs() {
    }

    static SQLFeatureNotSupportedException unsupported(String type) {
        // 0A000: feature not supported
        return new SQLFeatureNotSupportedException("the stub " + type + " does not do this", "0A000");
    }

    static <T> T unwrap(Object stub, Class<T> type) throws SQLException {
        if (type.isInstance(stub)) {
            return type.cast(stub);
        }
        throw new SQLException(stub.getClass().getSimpleName() + " does not wrap " + type.getName(), "0A000");
    }

    /**
     * A {@code PGConnection} that answers {@code getBackendPID()} and nothing else: what the guard's connection
     * registry asks of every PostgreSQL connection it tracks.
     */
    static PGConnection pgConnection(int pid) {
        return (PGConnection) Proxy.newProxyInstance(Stubs.class.getClassLoader(), new Class<?>[] {PGConnection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBackendPID" -> pid;
                    case "hashCode" -> pid;
                    case "equals" -> proxy == args[0];
                    case "toString" -> "stub PGConnection, pid " + pid;
                    default -> throw unsupported("PGConnection");
                });
    }
}
