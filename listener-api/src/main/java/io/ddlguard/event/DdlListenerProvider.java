package io.ddlguard.event;

/**
 * Registers listeners written in Java with a registry that the application does not build itself: the
 * {@code ddlguard-agent} finds every implementation on the application's class path with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/io.ddlguard.event.DdlListenerProvider} file naming
 * the class) and calls {@link #register} once, at start, before any connection is wrapped.
 *
 * <pre>{@code
 * public final class AuditListeners implements DdlListenerProvider {
 *     public void register(DdlEvents events) {
 *         events.listen(Target.anyTable(), DdlEvent.BEFORE_DROP, ctx -> audit(ctx.element().sql()));
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations need a public no-argument constructor. {@code register} runs on the thread that starts the
 * agent; the listeners it registers run as any listener does (see {@link DdlListener}). A provider that throws
 * stops the agent as a bad rules file does: reported with the provider's class name.
 */
@FunctionalInterface
public interface DdlListenerProvider {

    /** Registers this provider's listeners with {@code events}, the agent's registry. */
    void register(DdlEvents events);
}
