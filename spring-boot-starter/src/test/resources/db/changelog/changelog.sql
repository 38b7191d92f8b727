--liquibase formatted sql

--changeset ddlguard:1
CREATE TABLE invoice (id INT PRIMARY KEY);
