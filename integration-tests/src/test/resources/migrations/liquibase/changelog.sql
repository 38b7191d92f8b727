--liquibase formatted sql

--changeset ddlguard:1
CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100));
CREATE INDEX ix_customer_name ON customer (name);

--changeset ddlguard:2
ALTER TABLE customer ADD COLUMN email VARCHAR(200);
CREATE TABLE orders (
    id INT PRIMARY KEY,
    customer_id INT,
    CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);

--changeset ddlguard:3
CREATE TABLE legacy (id INT);
DROP TABLE legacy;
