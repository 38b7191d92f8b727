package io.ddlguard;

import io.ddlguard.element.Dialect;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.internal.dispatch.EventDispatcher;
import io.ddlguard.internal.jdbc.DdlDataSource;

import javax.sql.DataSource;
import java.util.Objects;
import java.util.Optional;

/**
 * ddlguard's entry point: wraps a {@link DataSource} so that every DDL statement through it fires the
 * listeners of its {@link DdlEvents}. Built by {@link #builder()}; immutable and thread-safe.
 *
 * <pre>{@code
 * DdlEvents events = new DdlEvents();
 * events.listen(Target.table("users"), DdlEvent.AFTER_CREATE, ctx -> ...);
 * DataSource ds = DdlGuard.builder().events(events).build().wrap(hikariDataSource);
 * }</pre>
 */
public final class DdlGuard {

    private final DdlEvents events;
    private final Dialect dialect;
    private final String name;

    private DdlGuard(Builder builder) {
        this.events = builder.events;
        this.dialect = builder.dialect;
        this.name = builder.name;
    }

    /** A builder with no listeners, the dialect detected per data source. */
    public static Builder builder() {
        return new Builder(new DdlEvents(), null, null);
    }

    /**
     * {@code dataSource}, wrapped: its connections, statements and metadata are ddlguard's, everything else is
     * the original's ({@code unwrap} reaches it and anything it wraps). The dialect is detected once, from the
     * first connection. Wrapping a data source this guard already wrapped returns it unchanged.
     */
    public DataSource wrap(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        if (dataSource instanceof DdlDataSource wrapped && wrapped.router() instanceof EventDispatcher d
                && d.owner() == this) {
            return dataSource;
        }
        String label = name != null ? name : dataSource.getClass().getSimpleName();
        return new DdlDataSource(dataSource, new EventDispatcher(label, events, dialect, this));
    }

    /** The listeners this guard fires. */
    public DdlEvents events() {
        return events;
    }

    /** The configured dialect, when one was given instead of detection. */
    public Optional<Dialect> dialect() {
        return Optional.ofNullable(dialect);
    }

    @Override
    public String toString() {
        return "DdlGuard[" + (name == null ? "" : name + ", ") + events + "]";
    }

    /** Builds a {@link DdlGuard}. Immutable: every method returns a new builder. */
    public static final class Builder {
        private final DdlEvents events;
        private final Dialect dialect;
        private final String name;

        private Builder(DdlEvents events, Dialect dialect, String name) {
            this.events = events;
            this.dialect = dialect;
            this.name = name;
        }

        /** The listeners to fire. */
        public Builder events(DdlEvents events) {
            return new Builder(Objects.requireNonNull(events, "events"), dialect, name);
        }

        /** The dialect of every data source this guard wraps, instead of detecting it from the first connection. */
        public Builder dialect(Dialect dialect) {
            return new Builder(events, Objects.requireNonNull(dialect, "dialect"), name);
        }

        /** The name log messages start with (by default the wrapped data source's class name). */
        public Builder name(String name) {
            if (Objects.requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("name cannot be blank");
            }
            return new Builder(events, dialect, name);
        }

        /** The guard. */
        public DdlGuard build() {
            return new DdlGuard(this);
        }
    }
}
