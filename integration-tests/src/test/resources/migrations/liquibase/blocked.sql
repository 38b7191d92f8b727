--liquibase formatted sql

--changeset ddlguard:4
DROP TABLE orders;
