ALTER TABLE customer ADD COLUMN email VARCHAR(200);
CREATE TABLE orders (
    id INT PRIMARY KEY,
    customer_id INT,
    CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);
INSERT INTO customer (id, name) VALUES (1, 'first');
