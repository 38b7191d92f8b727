CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100));
CREATE INDEX ix_customer_name ON customer (name);
