/** ddlguard's listener API: the DDL element model and the event types. No third-party types in its signatures. */
module io.ddlguard.listener.api {
    requires transitive java.sql;
    exports io.ddlguard.element;
    exports io.ddlguard.event;
}
