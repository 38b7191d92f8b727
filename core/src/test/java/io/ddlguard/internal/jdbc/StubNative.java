package io.ddlguard.internal.jdbc;

/**
 * A test stub for the driver-internal object that a stub wraps (as HikariCP's proxies wrap pgjdbc's), so that tests
 * can {@code unwrap} through two layers. It is a value made on each unwrap, so that a stub nobody unwraps holds
 * nothing for it: two are equal when they stand for the object behind the same stub. Immutable.
 */
public final class StubNative {

    private final StubWrapper owner;

    StubNative(StubWrapper owner) {
        this.owner = owner;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StubNative n && n.owner == owner;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(owner);
    }

    @Override
    public String toString() {
        return "StubNative of " + owner.getClass().getSimpleName();
    }
}
