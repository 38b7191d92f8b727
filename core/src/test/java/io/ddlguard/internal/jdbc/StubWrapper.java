package io.ddlguard.internal.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/** The {@link Wrapper} part of every stub: each wraps one {@link StubNative}; anything else is not wrapped. */
abstract class StubWrapper implements Wrapper {

    final StubNative nativeObject = new StubNative(getClass().getSimpleName());

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(nativeObject)) {
            return iface.cast(nativeObject);
        }
        // 0A000: feature not supported, as drivers answer an unwrap they cannot do.
        throw new SQLException(getClass().getSimpleName() + " does not wrap " + iface.getName(), "0A000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(nativeObject);
    }
}
