package io.ddlguard.internal.dispatch;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One {@link EventDispatcher} per connection source (a data source or a driver), for connections wrapped one at a
 * time ({@code DdlGuard.wrapConnection}): each source learns its dialect and name once, as a wrapped data source
 * does. Sources are held weakly and compared by identity (a data source's {@code equals} is not ours to trust), so
 * that a data source the application drops is not kept alive by the guard. Thread-safe.
 */
public final class DispatcherCache {

    private final ConcurrentHashMap<Key, EventDispatcher> bySource = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    /** The dispatcher of {@code source}, made by {@code create} the first time it is asked for. */
    public EventDispatcher get(Object source, Function<Object, EventDispatcher> create) {
        expunge();
        EventDispatcher known = bySource.get(new Key(source, null));
        if (known != null) {
            return known;
        }
        return bySource.computeIfAbsent(new Key(source, collected), k -> create.apply(source));
    }

    /** How many sources are cached (for tests). */
    int size() {
        expunge();
        return bySource.size();
    }

    private void expunge() {
        for (Object k; (k = collected.poll()) != null; ) {
            bySource.remove(k);
        }
    }

    /** A source by identity, held weakly. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object source, ReferenceQueue<Object> queue) {
            super(source, queue);
            this.hash = System.identityHashCode(source);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            if (!(o instanceof Key other)) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == other.get();
        }
    }
}
