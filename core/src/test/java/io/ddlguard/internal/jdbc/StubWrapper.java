package io.ddlguard.internal.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * The {@link Wrapper} part of every stub: each wraps a {@link StubNative}; anything else is not wrapped. It holds no
 * state, so that a stub is no larger than the driver object it stands for. Thread-safe.
 */
abstract class StubWrapper implements Wrapper {

    /** The driver-internal object this stub wraps: a new value on each call, equal to the others. */
    public final StubNative nativeObject() {
        return new StubNative(this);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface == StubNative.class) {
            return iface.cast(nativeObject());
        }
        // 0A000: feature not supported, as drivers answer an unwrap they cannot do.
        throw new SQLException(getClass().getSimpleName() + " does not wrap " + iface.getName(), "0A000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface == StubNative.class;
    }
}
