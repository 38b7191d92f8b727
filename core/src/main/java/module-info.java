/** ddlguard core: the parser, the wrapping DataSource, event dispatch and the DROP guard. */
module io.ddlguard.core {
    requires transitive io.ddlguard.listener.api;
    requires transitive io.ddlguard.dialect.rules;
    requires org.slf4j;
    requires java.sql;
    requires static micrometer.core;
    exports io.ddlguard;
    exports io.ddlguard.metrics;
    exports io.ddlguard.schema;
}
