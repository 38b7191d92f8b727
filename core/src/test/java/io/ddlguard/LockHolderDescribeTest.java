package io.ddlguard;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class LockHolderDescribeTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    private static LockHolder holder(long pid, String relation, String mode, boolean granted) {
        return new LockHolder(OptionalLong.of(pid), Optional.empty(), relation, mode, granted, false,
                Optional.of("idle in transaction"), Optional.of(NOW.minusSeconds(12)), Optional.of(NOW.minusSeconds(20)),
                Optional.of("select * from users"), Optional.of("app"), Optional.of("psql"), Optional.empty(),
                Optional.empty(), OptionalLong.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    @Test
    void oneParagraphPerSessionIndentedAsInTheReport() {
        String text = LockHolder.describe(List.of(holder(41, "public.users", "AccessShareLock", true),
                holder(41, "public.orders", "AccessShareLock", true),
                holder(42, "public.users", "AccessExclusiveLock", false)), NOW);

        assertThat(text.lines()).containsExactly(
                "  pid 41 holds AccessShareLock on public.users, public.orders: idle in transaction for 12.0 s, "
                        + "transaction open 20.0 s, user app, application \"psql\"",
                "    last query: select * from users",
                "  pid 42 is queued for AccessExclusiveLock on public.users: idle in transaction for 12.0 s, "
                        + "transaction open 20.0 s, user app, application \"psql\"",
                "    last query: select * from users");
    }

    @Test
    void noHoldersNoText() {
        assertThat(LockHolder.describe(List.of(), NOW)).isEmpty();
    }
}
