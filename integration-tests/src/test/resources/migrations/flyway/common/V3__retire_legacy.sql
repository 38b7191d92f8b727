CREATE TABLE legacy (id INT);
DROP TABLE legacy;
