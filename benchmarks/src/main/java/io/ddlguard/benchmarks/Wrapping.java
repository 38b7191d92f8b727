package io.ddlguard.benchmarks;

import com.p6spy.engine.event.JdbcEventListener;
import com.p6spy.engine.spy.P6DataSource;
import io.ddlguard.DdlGuard;
import io.ddlguard.element.Dialect;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.Target;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import javax.sql.DataSource;
import java.util.List;

/**
 * The ways the benchmarks wrap a {@link DataSource}: not at all, with ddlguard, or with one of its peers, each
 * configured as a user who wants no output from it would configure it.
 *
 * <ul>
 *   <li>{@code raw}: the data source itself.</li>
 *   <li>{@code ddlguard}: {@code DdlGuard.builder().events(events).build().wrap(ds)} with one listener registered
 *       ({@code AFTER_CREATE} on any table), default policy, borrow stacks captured. The headline: a guard is
 *       wrapped to listen.</li>
 *   <li>{@code ddlguard-no-listener}: the same with an empty registry.</li>
 *   <li>{@code ddlguard-stacks-off}: one listener, {@code captureStackTraces(false)}.</li>
 *   <li>{@code datasource-proxy}: {@code ProxyDataSourceBuilder.create(ds).listener(noOp).build()} with a
 *       {@link QueryExecutionListener} that does nothing.</li>
 *   <li>{@code p6spy}: {@code new P6DataSource(ds)} whose only {@link JdbcEventListener} does nothing. p6spy's
 *       modules are set to the core one through system properties (no logging module, so no {@code spy.log}; no
 *       JMX), which p6spy reads before any {@code spy.properties} on the class path; there is none on this
 *       one.</li>
 * </ul>
 */
final class Wrapping {

    static final List<String> ALL = List.of("raw", "ddlguard", "ddlguard-no-listener", "ddlguard-stacks-off",
            "datasource-proxy", "p6spy");

    static {
        System.setProperty("p6spy.config.modulelist", "com.p6spy.engine.spy.P6SpyFactory");
        System.setProperty("p6spy.config.jmx", "false");
        System.setProperty("p6spy.config.autoflush", "false");
    }

    private Wrapping() {
    }

    /**
     * {@code raw} wrapped as {@code via} names.
     *
     * @param dialect the dialect ddlguard is told, or null to let it detect the dialect from the first connection
     */
    static DataSource wrap(String via, DataSource raw, Dialect dialect) {
        return switch (via) {
            case "raw" -> raw;
            case "ddlguard" -> ddlguard(raw, dialect, true, true);
            case "ddlguard-no-listener" -> ddlguard(raw, dialect, false, true);
            case "ddlguard-stacks-off" -> ddlguard(raw, dialect, true, false);
            case "datasource-proxy" -> ProxyDataSourceBuilder.create(raw).listener(new NoOpQueryListener()).build();
            case "p6spy" -> {
                P6DataSource p6 = new P6DataSource(raw);
                JdbcEventListener noOp = new JdbcEventListener() {
                };
                p6.setJdbcEventListenerFactory(() -> noOp);
                yield p6;
            }
            default -> throw new IllegalArgumentException("unknown wrapping " + via + "; known: " + ALL);
        };
    }

    private static DataSource ddlguard(DataSource raw, Dialect dialect, boolean listener, boolean stacks) {
        DdlEvents events = new DdlEvents();
        if (listener) {
            events.listen(Target.anyTable(), DdlEvent.AFTER_CREATE, ctx -> { });
        }
        DdlGuard.Builder builder = DdlGuard.builder().events(events).captureStackTraces(stacks);
        if (dialect != null) {
            builder = builder.dialect(dialect);
        }
        return builder.build().wrap(raw);
    }

    /** datasource-proxy's listener, doing nothing. */
    private static final class NoOpQueryListener implements QueryExecutionListener {
        @Override
        public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        }

        @Override
        public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        }
    }
}
