package io.ddlguard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InterceptionTest {

    @Test
    void poolsAndDdlguardsOwnWrappersAreCallersWhoseConnectionsAreTheirOwn() {
        assertThat(Interception.isPool("com.zaxxer.hikari.pool.PoolBase")).isTrue();
        assertThat(Interception.isPool("org.apache.commons.dbcp2.BasicDataSource")).isTrue();
        assertThat(Interception.isPool("io.ddlguard.internal.jdbc.DdlDataSource")).isTrue();
    }

    @Test
    void applicationCodeAndDriversAreNot() {
        assertThat(Interception.isPool("com.example.OrderService")).isFalse();
        assertThat(Interception.isPool("org.postgresql.ds.PGSimpleDataSource")).isFalse();
        assertThat(Interception.isPool("org.h2.jdbcx.JdbcDataSource")).isFalse();
        assertThat(Interception.isPool("io.ddlguard.sample.App")).isFalse();
    }
}
