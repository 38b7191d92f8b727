package io.ddlguard.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

class PoolNameTest {

    @Test
    void aHikariPoolIsNamedByItsPoolName() {
        try (HikariDataSource hikari = new HikariDataSource()) {
            hikari.setPoolName("orders-pool");

            assertThat(PoolName.isNamedPool(hikari)).isTrue();
            assertThat(PoolName.of(hikari)).isEqualTo("orders-pool");
        }
    }

    @Test
    void aHikariPoolThatHasNotStartedMayHaveNoNameYet() {
        try (HikariDataSource hikari = new HikariDataSource()) {
            assertThat(PoolName.isNamedPool(hikari)).isTrue();
            assertThat(PoolName.of(hikari)).isNull();
        }
    }

    @Test
    void otherDataSourcesHaveNoPoolName() {
        StubDataSource stub = new StubDataSource();

        assertThat(PoolName.isNamedPool(stub)).isFalse();
        assertThat(PoolName.of(stub)).isNull();
    }
}
