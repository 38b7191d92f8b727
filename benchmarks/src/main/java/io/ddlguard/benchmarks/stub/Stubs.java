package io.ddlguard.benchmarks.stub;

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
}
