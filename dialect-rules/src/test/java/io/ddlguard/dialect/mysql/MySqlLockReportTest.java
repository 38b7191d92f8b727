package io.ddlguard.dialect.mysql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MySqlLockReportTest {

    @Test
    void aPerformanceSchemaReportSeeingEverySessionIsExactAndHasNoLimitation() {
        MySqlLockReport report = new MySqlLockReport(List.of(), MySqlLockConflict.Source.PERFORMANCE_SCHEMA,
                MySqlLockReport.Visibility.ALL_SESSIONS, Optional.empty(), "11.4.5-MariaDB");

        assertThat(report.exact()).isTrue();
        assertThat(report.blocked()).isFalse();
        assertThat(report.limitation()).isEmpty();
    }

    @Test
    void anApproximateReportSaysWhyAndWhatItCannotSee() {
        MySqlLockReport report = new MySqlLockReport(List.of(), MySqlLockConflict.Source.PROCESSLIST,
                MySqlLockReport.Visibility.ALL_SESSIONS, Optional.of("performance_schema is off"), "11.4.5-MariaDB");

        assertThat(report.exact()).isFalse();
        assertThat(report.limitation()).hasValueSatisfying(l -> assertThat(l)
                .startsWith("approximate: performance_schema is off; every session in a transaction")
                .contains("LOCK TABLES or FLUSH TABLES WITH READ LOCK in an idle session are not seen")
                .doesNotContain("PROCESS"));
    }

    @Test
    void withoutProcessPrivilegeTheLimitationSaysSo() {
        MySqlLockReport report = new MySqlLockReport(List.of(), MySqlLockConflict.Source.PROCESSLIST,
                MySqlLockReport.Visibility.OWN_USER_ONLY, Optional.of("performance_schema is off"), "8.0.40");

        assertThat(report.limitation()).hasValueSatisfying(l -> assertThat(l)
                .endsWith("; only this user's sessions are visible and no transaction is: the PROCESS privilege"
                        + " is missing"));
    }

    @Test
    void conflictsAreCopied() {
        List<MySqlLockConflict> conflicts = new java.util.ArrayList<>();
        MySqlLockReport report = new MySqlLockReport(conflicts, MySqlLockConflict.Source.PROCESSLIST,
                MySqlLockReport.Visibility.ALL_SESSIONS, Optional.of("x"), "v");
        conflicts.add(null);

        assertThat(report.conflicts()).isEmpty();
    }
}
