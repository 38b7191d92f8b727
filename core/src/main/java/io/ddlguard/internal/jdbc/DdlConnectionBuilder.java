package io.ddlguard.internal.jdbc;

import java.sql.Connection;
import java.sql.ConnectionBuilder;
import java.sql.SQLException;
import java.sql.ShardingKey;

/**
 * A {@link ConnectionBuilder} whose {@link #build()} returns a {@link DdlConnection}, so that connections built
 * through {@link DdlDataSource#createConnectionBuilder()} do not escape the router.
 *
 * <p>Keeps whatever builder each call of the wrapped one returns, so it works whether that builder is mutable
 * or returns copies. Not thread-safe, like the builder it wraps.
 */
final class DdlConnectionBuilder implements ConnectionBuilder {

    private ConnectionBuilder delegate;
    private final StatementRouter router;

    DdlConnectionBuilder(ConnectionBuilder delegate, StatementRouter router) {
        this.delegate = delegate;
        this.router = router;
    }

    @Override
    public ConnectionBuilder user(String username) {
        delegate = delegate.user(username);
        return this;
    }

    @Override
    public ConnectionBuilder password(String password) {
        delegate = delegate.password(password);
        return this;
    }

    @Override
    public ConnectionBuilder shardingKey(ShardingKey shardingKey) {
        delegate = delegate.shardingKey(shardingKey);
        return this;
    }

    @Override
    public ConnectionBuilder superShardingKey(ShardingKey superShardingKey) {
        delegate = delegate.superShardingKey(superShardingKey);
        return this;
    }

    @Override
    public Connection build() throws SQLException {
        return DdlDataSource.connect(router, delegate.build());
    }

    @Override
    public String toString() {
        return "DdlConnectionBuilder wrapping " + delegate;
    }
}
