package io.ddlguard.dialect;

import io.ddlguard.element.Dialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Another session's statement, shown in a report, never shows the password it carries. */
class SqlSecretsTest {

    private static final DialectRules POSTGRES = DialectRules.of(Dialect.POSTGRESQL);
    private static final DialectRules MARIADB = DialectRules.of(Dialect.MARIADB);
    private static final DialectRules H2 = DialectRules.of(Dialect.H2);

    /** Each statement holds the secret {@code s3cr3t} and keeps {@code kept} visible. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
        postgresql | ALTER ROLE app PASSWORD 's3cr3t' VALID UNTIL 'infinity'              | ALTER ROLE app PASSWORD '***'
        postgresql | CREATE ROLE app LOGIN ENCRYPTED PASSWORD E's3cr3t\\'s'               | LOGIN ENCRYPTED PASSWORD '***'
        postgresql | alter user app with password $pw$s3cr3t$pw$                          | with password '***'
        postgresql | select dblink_connect('host=db user=app password=s3cr3t')            | select dblink_connect('***')
        postgresql | CREATE USER MAPPING FOR app SERVER db OPTIONS (user 'app', password 's3cr3t') | OPTIONS (user '***', password '***')
        postgresql | select * from users where pwd_hash = crypt('s3cr3t', pwd_hash)      | where pwd_hash = crypt('***', pwd_hash)
        postgresql | ALTER ROLE app PASSWORD 's3cr3                                        | ALTER ROLE app PASSWORD '***'
        mariadb    | CREATE USER 'app'@'%' IDENTIFIED BY 's3cr3t'                         | CREATE USER '***'@'***' IDENTIFIED BY '***'
        mariadb    | SET PASSWORD FOR app = PASSWORD("s3cr3t")                            | SET PASSWORD FOR app = PASSWORD('***')
        mariadb    | ALTER USER app IDENTIFIED VIA mysql_native_password USING PASSWORD('s3cr3t') | USING PASSWORD('***')
        mariadb    | CHANGE MASTER TO MASTER_PASSWORD = 's3cr3t', MASTER_HOST = 'db'      | MASTER_PASSWORD = '***'
        h2         | CREATE USER app PASSWORD 's3cr3t' ADMIN                              | CREATE USER app PASSWORD '***' ADMIN
        h2         | ALTER USER app SET PASSWORD 's3cr3t'                                 | ALTER USER app SET PASSWORD '***'
        """)
    void aStatementThatMentionsASecretHasEveryLiteralMasked(String dialect, String sql, String kept) {
        String redacted = SqlSecrets.redact(sql, rules(dialect));

        assertThat(redacted).doesNotContain("s3cr3t").contains(kept);
    }

    @Test
    void aStatementWithoutSecretsIsReturnedAsIs() {
        String sql = "select * from orders where status = 'open' -- the usual";

        assertThat(SqlSecrets.redact(sql, POSTGRES)).isSameAs(sql);
        assertThat(SqlSecrets.redact("", POSTGRES)).isEmpty();
    }

    @Test
    void quotingTheEngineReadsDifferentlyIsLexedAsThatEngineReadsIt() {
        // MariaDB reads "..." as a string and \' as an escaped quote; PostgreSQL reads "..." as a name.
        assertThat(SqlSecrets.redact("SET PASSWORD = \"it\\'s s3cr3t\"", MARIADB)).isEqualTo("SET PASSWORD = '***'");
        assertThat(SqlSecrets.redact("select \"password\" from t where id = 's3cr3t'", POSTGRES))
                .isEqualTo("select \"password\" from t where id = '***'");
        assertThat(SqlSecrets.redact("ALTER USER app SET PASSWORD 'a''s3cr3t'", H2))
                .isEqualTo("ALTER USER app SET PASSWORD '***'");
    }

    private static DialectRules rules(String dialect) {
        return switch (dialect) {
            case "postgresql" -> POSTGRES;
            case "mariadb" -> MARIADB;
            default -> H2;
        };
    }
}
