package io.ddlguard.spring;

import io.ddlguard.DropPolicy;
import io.ddlguard.PoolMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * ddlguard's Spring Boot settings, bound from {@code ddlguard.*}. Mutable, as configuration properties are; read
 * once, when the guard is built.
 */
@ConfigurationProperties(prefix = "ddlguard")
public class DdlGuardProperties {

    /** Whether to wrap the application's DataSource beans: off leaves them exactly as they are. */
    private boolean enabled = true;

    /**
     * What a DDL statement does when other sessions hold or await locks it needs: FAIL (refuse it at once), WAIT
     * (poll until they are gone, at most lock-wait), TERMINATE (end this application's own holders, then wait) or
     * LOG (warn and run it anyway, in bounded attempts).
     */
    private DropPolicy dropPolicy = DropPolicy.FAIL;

    /** The most a guarded DDL statement may spend waiting for its locks, checks and attempts together. */
    private Duration lockWait = Duration.ofSeconds(5);

    /**
     * The lock timeout of each attempt to run a guarded statement: the longest another session's query can queue
     * behind it.
     */
    private Duration attemptTimeout = Duration.ofMillis(100);

    /**
     * Whether to record the stack of every getConnection(), so that a report names the code that borrowed a
     * blocking connection. Costs about a microsecond per borrow.
     */
    private boolean captureStackTraces = true;

    /**
     * The longest one listener may run before its statement is cancelled and its thread interrupted (the listener
     * then fails with SQLState DG004). None by default: a listener runs in the statement's transaction, which a
     * cancelled statement aborts on PostgreSQL.
     */
    private Duration listenerTimeout;

    /**
     * How a connection pooler in front of PostgreSQL (PgBouncer's pool_mode), when ddlguard detects one, hands out
     * server sessions: TRANSACTION (the default, promising least: no holder traced, CONCURRENTLY statements run
     * without a lock timeout) or SESSION (holders traced to the code that borrowed them, TERMINATE may end them).
     */
    private PoolMode poolMode = PoolMode.TRANSACTION;

    /**
     * Whether each refusal (DropBlockedException) is also logged once at WARN with its report: on by default, because
     * the framework that ran the statement (Hibernate's schema export, Spring's ScriptUtils) may swallow it.
     */
    private boolean logRefusals = true;

    /** Names of DataSource beans to leave unwrapped. */
    private Set<String> excludedBeans = new LinkedHashSet<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public DropPolicy getDropPolicy() {
        return dropPolicy;
    }

    public void setDropPolicy(DropPolicy dropPolicy) {
        this.dropPolicy = dropPolicy;
    }

    public Duration getLockWait() {
        return lockWait;
    }

    public void setLockWait(Duration lockWait) {
        this.lockWait = lockWait;
    }

    public Duration getAttemptTimeout() {
        return attemptTimeout;
    }

    public void setAttemptTimeout(Duration attemptTimeout) {
        this.attemptTimeout = attemptTimeout;
    }

    public boolean isCaptureStackTraces() {
        return captureStackTraces;
    }

    public void setCaptureStackTraces(boolean captureStackTraces) {
        this.captureStackTraces = captureStackTraces;
    }

    public Duration getListenerTimeout() {
        return listenerTimeout;
    }

    public void setListenerTimeout(Duration listenerTimeout) {
        this.listenerTimeout = listenerTimeout;
    }

    public PoolMode getPoolMode() {
        return poolMode;
    }

    public void setPoolMode(PoolMode poolMode) {
        this.poolMode = poolMode;
    }

    public boolean isLogRefusals() {
        return logRefusals;
    }

    public void setLogRefusals(boolean logRefusals) {
        this.logRefusals = logRefusals;
    }

    public Set<String> getExcludedBeans() {
        return excludedBeans;
    }

    public void setExcludedBeans(Set<String> excludedBeans) {
        this.excludedBeans = excludedBeans;
    }
}
