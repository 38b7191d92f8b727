package io.ddlguard.dialect.postgres;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LockMode}'s conflict matrix against the PostgreSQL documentation, written out as the table it prints. */
class LockModeTest {

    /**
     * Table "Conflicting Lock Modes" of the PostgreSQL documentation (chapter "Explicit Locking", section
     * "Table-Level Locks"): requested mode down the side, existing mode across the top, {@code X} where they
     * conflict. Column order: ACCESS SHARE, ROW SHARE, ROW EXCLUSIVE, SHARE UPDATE EXCLUSIVE, SHARE,
     * SHARE ROW EXCLUSIVE, EXCLUSIVE, ACCESS EXCLUSIVE.
     */
    private static final String DOCUMENTED = """
            requested               | AS RS RE SUE S SRE E AE
            ACCESS SHARE            | .  .  .  .   .  .  .  X
            ROW SHARE               | .  .  .  .   .  .  X  X
            ROW EXCLUSIVE           | .  .  .  .   X  X  X  X
            SHARE UPDATE EXCLUSIVE  | .  .  .  X   X  X  X  X
            SHARE                   | .  .  X  X   .  X  X  X
            SHARE ROW EXCLUSIVE     | .  .  X  X   X  X  X  X
            EXCLUSIVE               | .  X  X  X   X  X  X  X
            ACCESS EXCLUSIVE        | X  X  X  X   X  X  X  X
            """;

    private static final List<LockMode> COLUMNS = List.of(LockMode.ACCESS_SHARE, LockMode.ROW_SHARE,
            LockMode.ROW_EXCLUSIVE, LockMode.SHARE_UPDATE_EXCLUSIVE, LockMode.SHARE, LockMode.SHARE_ROW_EXCLUSIVE,
            LockMode.EXCLUSIVE, LockMode.ACCESS_EXCLUSIVE);

    /** The documented table parsed: requested mode to the set of existing modes it conflicts with. */
    private static Map<LockMode, Set<LockMode>> documented() {
        Map<LockMode, Set<LockMode>> conflicts = new EnumMap<>(LockMode.class);
        List<String> lines = DOCUMENTED.lines().skip(1).toList();
        assertThat(lines).hasSize(8);
        for (String line : lines) {
            String[] sides = line.split("\\|");
            LockMode requested = LockMode.valueOf(sides[0].trim().replace(' ', '_'));
            String[] cells = sides[1].trim().split("\\s+");
            assertThat(cells).as(line).hasSize(8);
            List<LockMode> row = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                assertThat(cells[i]).as(line).isIn("X", ".");
                if (cells[i].equals("X")) {
                    row.add(COLUMNS.get(i));
                }
            }
            conflicts.put(requested, row.isEmpty() ? Set.of() : Set.copyOf(row));
        }
        assertThat(conflicts).containsOnlyKeys(LockMode.values());
        return conflicts;
    }

    @Test
    void everyPairConflictsExactlyAsTheDocumentationSays() {
        Map<LockMode, Set<LockMode>> documented = documented();
        List<String> mismatches = new ArrayList<>();
        for (LockMode requested : LockMode.values()) {
            for (LockMode existing : LockMode.values()) {
                boolean expected = documented.get(requested).contains(existing);
                if (requested.conflictsWith(existing) != expected) {
                    mismatches.add(requested + " vs " + existing + ": documented " + expected);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void theMatrixHas38ConflictingPairs() {
        long conflicting = 0;
        for (LockMode requested : LockMode.values()) {
            for (LockMode existing : LockMode.values()) {
                conflicting += requested.conflictsWith(existing) ? 1 : 0;
            }
        }
        assertThat(conflicting).isEqualTo(38);
    }

    @Test
    void theMatrixAndTheDocumentedTableAreSymmetric() {
        Map<LockMode, Set<LockMode>> documented = documented();
        for (LockMode a : LockMode.values()) {
            for (LockMode b : LockMode.values()) {
                assertThat(a.conflictsWith(b)).as(a + " vs " + b).isEqualTo(b.conflictsWith(a));
                assertThat(documented.get(a).contains(b)).as(a + " vs " + b + " documented")
                        .isEqualTo(documented.get(b).contains(a));
            }
        }
    }

    @Test
    void theWeakestAndStrongestModes() {
        for (LockMode mode : LockMode.values()) {
            assertThat(LockMode.ACCESS_SHARE.conflictsWith(mode)).as(mode.name())
                    .isEqualTo(mode == LockMode.ACCESS_EXCLUSIVE);
            assertThat(LockMode.ACCESS_EXCLUSIVE.conflictsWith(mode)).as(mode.name()).isTrue();
        }
        assertThat(LockMode.SHARE.conflictsWith(LockMode.SHARE)).isFalse();
        assertThat(LockMode.SHARE_UPDATE_EXCLUSIVE.conflictsWith(LockMode.SHARE_UPDATE_EXCLUSIVE)).isTrue();
    }

    @Test
    void pgNamesAreThoseOfPgLocksAndRoundTrip() {
        assertThat(LockMode.values()).extracting(LockMode::pgName).containsExactly("AccessShareLock",
                "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock",
                "ExclusiveLock", "AccessExclusiveLock");
        for (LockMode mode : LockMode.values()) {
            assertThat(LockMode.fromPgName(mode.pgName())).contains(mode);
        }
    }

    @Test
    void namesThatAreNotTableLockModesGiveNothing() {
        assertThat(LockMode.fromPgName("SIReadLock")).isEmpty();
        assertThat(LockMode.fromPgName("accesssharelock")).isEmpty();
        assertThat(LockMode.fromPgName("ACCESS SHARE")).isEmpty();
        assertThat(LockMode.fromPgName("")).isEmpty();
    }
}
