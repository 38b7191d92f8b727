package io.ddlguard.dialect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcUrlsTest {

    /** Each URL holds the secret {@code s3cr&t} or {@code s3cr;t} (or a part of it) and keeps {@code kept} visible. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
        jdbc:postgresql://db.example:5432/app?user=app&password=s3cr%26t&ssl=true          | ssl=true
        jdbc:postgresql://db.example/app?sslpassword=s3cr%26t&password=s3cr%26t           | db.example/app
        jdbc:postgresql://app:s3cr@t@db.example:5432/app                                  | db.example:5432/app
        jdbc:mariadb://app:s3cr;t@db.example/app?useSsl=true                              | app:***@db.example
        jdbc:mariadb://db.example:3306/app?user=root&password=s3cr;t&allowMultiQueries=true | allowMultiQueries=true
        jdbc:mysql://address=(host=db.example)(port=3306)(user=app)(password=s3cr&t)/app  | (user=app)
        jdbc:mysql://(host=db.example,user=app,password=s3cr&t)/app                       | user=app
        jdbc:mysql://db.example/app?trustCertificateKeyStorePassword=s3cr;t&user=app      | user=app
        jdbc:h2:tcp://db.example/~/app;USER=sa;PASSWORD=s3cr&t;MODE=PostgreSQL            | MODE=PostgreSQL
        jdbc:h2:mem:app;Password = s3cr&t                                                 | jdbc:h2:mem:app
        jdbc:sqlserver://db.example:1433;databaseName=app;user=sa;password=s3cr&t;encrypt=true | encrypt=true
        jdbc:sqlserver://db.example;user=sa;password={s3cr;t};encrypt=true                | encrypt=true
        jdbc:sqlserver://db.example;user=sa;PWD=s3cr&t                                    | user=sa
        jdbc:oracle:thin:scott/s3cr&t@db.example:1521:orcl                                | db.example:1521:orcl
        jdbc:oracle:thin:scott/s3cr;t@//db.example:1521/svc                               | //db.example:1521/svc
        jdbc:db2://db.example:50000/app:user=db2;password=s3cr&t;                         | user=db2
        """)
    void passwordsAreMaskedAndTheRestIsKept(String url, String kept) {
        String redacted = JdbcUrls.redact(url);
        assertThat(redacted).doesNotContain("s3cr").contains(JdbcUrls.MASK).contains(kept.strip());
    }

    @Test
    void urlsWithoutSecretsAreUnchanged() {
        for (String url : new String[] {"jdbc:postgresql://db.example:5432/app?user=app", "jdbc:h2:mem:test;MODE=MySQL",
                "jdbc:sqlite:/tmp/a.db", "jdbc:mariadb://db.example/app", "jdbc:oracle:thin:@db.example:1521:orcl", ""}) {
            assertThat(JdbcUrls.redact(url)).isEqualTo(url);
        }
        assertThat(JdbcUrls.redact(null)).isNull();
    }

    @Test
    void anEmptyPasswordStaysEmpty() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://h/app?password=&user=a")).isEqualTo("jdbc:postgresql://h/app?password=&user=a");
    }
}
