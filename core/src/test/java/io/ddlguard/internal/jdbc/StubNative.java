package io.ddlguard.internal.jdbc;

/**
 * Stands for a driver-internal object a stub wraps (as HikariCP's proxies wrap pgjdbc's), so tests can
 * {@code unwrap} through two layers.
 */
final class StubNative {

    private final String owner;

    StubNative(String owner) {
        this.owner = owner;
    }

    @Override
    public String toString() {
        return "StubNative of " + owner;
    }
}
