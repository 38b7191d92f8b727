/** ddlguard's listener API: the DDL element model and the event types. No third-party types in its signatures. */
module io.ddlguard.listener.api {
    requires java.sql;
    exports io.ddlguard.element;
}
