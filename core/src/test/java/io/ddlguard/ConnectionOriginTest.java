package io.ddlguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionOriginTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            org.flywaydb.core.internal.jdbc.JdbcUtils                                          | Flyway
            com.zaxxer.hikari.HikariDataSource, org.flywaydb.core.internal.jdbc.JdbcUtils      | Flyway
            org.springframework.jdbc.datasource.DataSourceUtils, liquibase.integration.SpringLiquibase | Liquibase
            org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl    | Hibernate
            com.example.Reports, org.flywaydb.core.Flyway                                      | none
            java.lang.Thread                                                                   | none
            org.springframework.jdbc.datasource.DataSourceUtils, org.springframework.jdbc.core.JdbcTemplate, com.example.Reports | Spring JdbcTemplate
            com.zaxxer.hikari.HikariDataSource$$SpringCGLIB$$0, org.springframework.test.context.jdbc.SqlScriptsTestExecutionListener | Spring's test context
            org.jooq.impl.DefaultConnectionProvider                                            | jOOQ
            org.apache.ibatis.transaction.jdbc.JdbcTransaction                                 | MyBatis
            """)
    void theToolThatBorrowedAConnectionIsReadFromItsStack(String classes, String tool) {
        List<StackTraceElement> stack = Arrays.stream(classes.split(","))
                .map(c -> new StackTraceElement(c.strip(), "m", "F.java", 1)).toList();
        ConnectionOrigin origin = new ConnectionOrigin("ds", Instant.EPOCH, "main", stack, true, Optional.empty(),
                List.of());

        assertThat(origin.openedBy()).isEqualTo(Optional.ofNullable(tool));
    }

    /**
     * A borrow through the Spring Boot starter, as the JVM shows it before and after the JIT turned reflection
     * into a generated accessor: the application's method is the caller either way, and the report's first frame.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cold | jdk.internal.reflect.NativeMethodAccessorImpl, jdk.internal.reflect.NativeMethodAccessorImpl, jdk.internal.reflect.DelegatingMethodAccessorImpl
            warm | jdk.internal.reflect.GeneratedMethodAccessor42
            jdk 21 | jdk.internal.reflect.DirectMethodHandleAccessor
            java 8 | sun.reflect.GeneratedMethodAccessor42, sun.reflect.DelegatingMethodAccessorImpl
            """)
    void theCallerThroughTheStarterIsTheApplicationsMethodWithTheJitColdOrWarm(String jvm, String reflection) {
        List<String> classes = new java.util.ArrayList<>(List.of(reflection.split(",")));
        classes.add("java.lang.reflect.Method");
        classes.addAll(List.of("io.ddlguard.spring.DataSourceWrapper",
                "org.springframework.aop.framework.ReflectiveMethodInvocation",
                "org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor",
                "com.zaxxer.hikari.HikariDataSource$$SpringCGLIB$$0", "com.example.ReportJob",
                "com.example.ReportJob$$SpringCGLIB$$0", "com.example.Scheduler"));
        List<StackTraceElement> stack = classes.stream()
                .map(c -> new StackTraceElement(c.strip(), c.contains("ReportJob") ? "leakyReportJob" : "m", "F.java",
                        1))
                .toList();
        ConnectionOrigin origin = new ConnectionOrigin("ds", Instant.EPOCH, "main", stack, true, Optional.empty(),
                List.of());

        assertThat(origin.caller()).hasValueSatisfying(f -> {
            assertThat(f.getClassName()).isEqualTo("com.example.ReportJob");
            assertThat(f.getMethodName()).isEqualTo("leakyReportJob");
        });
        assertThat(origin.openedBy()).isEmpty();
        assertThat(io.ddlguard.internal.jdbc.Plumbing.applicationFrames(stack))
                .extracting(StackTraceElement::getClassName)
                .containsExactly("com.example.ReportJob", "com.example.Scheduler");
    }
}
