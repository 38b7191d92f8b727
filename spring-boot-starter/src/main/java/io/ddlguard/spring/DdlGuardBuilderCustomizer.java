package io.ddlguard.spring;

import io.ddlguard.DdlGuard;

/**
 * A bean that adjusts the {@link DdlGuard.Builder} the auto-configuration builds its guard with, after the
 * {@code ddlguard.*} properties are applied (for example its {@code dialect} or {@code name}). Customizers run in
 * {@link org.springframework.core.Ordered} order.
 */
@FunctionalInterface
public interface DdlGuardBuilderCustomizer {

    /** The builder to use instead of {@code builder}; the builder is immutable, so return what its methods return. */
    DdlGuard.Builder customize(DdlGuard.Builder builder);
}
