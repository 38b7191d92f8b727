package io.ddlguard.agent;

import io.ddlguard.DdlGuard;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.DdlListenerProvider;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Properties;
import javax.sql.DataSource;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * ddlguard for applications that cannot be changed: a Java agent that wraps every connection the application
 * receives from a {@link DataSource} or a {@link Driver} with one {@link DdlGuard}, configured by a rules file.
 *
 * <pre>
 * java -javaagent:ddlguard-agent.jar=rules=/etc/app/ddlguard.yaml -jar app.jar
 * </pre>
 *
 * <p>The rules path may instead come from the system property {@code ddlguard.rules} or the environment variable
 * {@code DDLGUARD_RULES}; without one the guard runs with its defaults. Listeners come from the rules file and
 * from every {@link DdlListenerProvider} on the application's class path. A rules file the agent cannot use is
 * reported with its file and line, and the application is not started ({@code on-error=warn} starts it anyway,
 * with the guard's defaults).
 *
 * <p>An application can also attach the agent itself, at run time: {@link #install(Path)}. Classes already loaded
 * are retransformed, so a pool created before is guarded from its next {@code getConnection()} on.
 *
 * <p>Installs once per JVM; thread-safe.
 */
public final class DdlGuardAgent {

    private static final Object LOCK = new Object();
    /** The installed guard; guarded by {@link #LOCK}. */
    private static DdlGuard installed;

    private DdlGuardAgent() {
    }

    /**
     * The {@code -javaagent} entry point. A bad rules file ends the JVM with status 1 before the application's
     * {@code main} runs, unless {@code on-error=warn}.
     */
    public static void premain(String agentArgs, Instrumentation instrumentation) {
        start(agentArgs, instrumentation, true);
    }

    /** The entry point when a tool loads the agent into a running JVM; failures are reported, the JVM lives on. */
    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        start(agentArgs, instrumentation, false);
    }

    /**
     * Attaches the agent to this JVM, configured by {@code rules} (null: the guard's defaults), and returns its
     * guard. Classes already loaded are retransformed. A second call returns the guard already installed.
     *
     * @throws RulesException        when the rules file cannot be used (nothing is installed)
     * @throws IllegalStateException when this JVM does not allow attaching an agent (run it with a JDK, not a JRE,
     *                               and without {@code -XX:+DisableAttachMechanism})
     */
    public static DdlGuard install(Path rules) {
        synchronized (LOCK) {
            if (installed != null) {
                return installed;
            }
            DdlGuard guard = guard(Optional.ofNullable(rules));
            instrument(ByteBuddyAgent.install(), guard);
            return guard;
        }
    }

    /** {@link #install(Path)} with the rules named by {@code ddlguard.rules} or {@code DDLGUARD_RULES}, if any. */
    public static DdlGuard install() {
        return install(AgentOptions.from(null, System.getenv()).rules().orElse(null));
    }

    /** The guard the agent installed in this JVM, if it did. */
    public static Optional<DdlGuard> guard() {
        synchronized (LOCK) {
            return Optional.ofNullable(installed);
        }
    }

    private static void start(String agentArgs, Instrumentation instrumentation, boolean premain) {
        AgentOptions options;
        try {
            options = AgentOptions.from(agentArgs, System.getenv());
        } catch (IllegalArgumentException e) {
            refuse(e.getMessage(), premain);
            return;
        }
        Diagnostics.debug(options.debug());
        synchronized (LOCK) {
            if (installed != null) {
                Diagnostics.report("already installed; ignoring the second start");
                return;
            }
            DdlGuard guard;
            try {
                guard = guard(options.rules());
            } catch (RulesException e) {
                if (!options.warnOnError()) {
                    refuse(e.getMessage() + " (on-error=warn starts the application with the guard's defaults)",
                            premain);
                    return;
                }
                Diagnostics.report(e.getMessage() + "; starting with the guard's defaults (on-error=warn)");
                guard = Rules.DEFAULTS.guard(new DdlEvents());
            }
            instrument(instrumentation, guard);
        }
    }

    private static void refuse(String message, boolean premain) {
        Diagnostics.report(message);
        if (premain) {
            Diagnostics.report("the application is not started");
            System.exit(1);
        }
    }

    /** The guard of the rules file (or the defaults), with the Java listeners of the class path. */
    private static DdlGuard guard(Optional<Path> rulesFile) {
        Rules rules = rulesFile.map(RulesFile::read).orElse(Rules.DEFAULTS);
        Path reported = rulesFile.orElse(Path.of("(no rules file)"));
        DdlEvents events = new DdlEvents();
        rules.register(events);
        int providers = 0;
        if (rules.serviceLoader()) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            try {
                for (DdlListenerProvider provider : ServiceLoader.load(DdlListenerProvider.class, loader)) {
                    try {
                        provider.register(events);
                    } catch (RuntimeException | LinkageError e) {
                        throw new RulesException(reported, 0, "listener provider " + provider.getClass().getName()
                                + " failed: " + e, e);
                    }
                    providers++;
                    Diagnostics.debug("listeners from " + provider.getClass().getName());
                }
            } catch (ServiceConfigurationError e) {
                throw new RulesException(reported, 0, "cannot load a DdlListenerProvider: " + e.getMessage(), e);
            }
        }
        DdlGuard guard = rules.guard(events);
        Diagnostics.debug("rules " + reported + ": " + rules.listeners().size() + " listeners from the file, "
                + providers + " providers; " + guard);
        return guard;
    }

    /** Weaves the advice into every data source and driver, loaded or not, and starts wrapping with {@code guard}. */
    private static void instrument(Instrumentation instrumentation, DdlGuard guard) {
        Interception.guard(guard);
        Advice advice = Advice.to(ConnectionAdvice.class);
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new Reporting())
                // ddlguard's own classes (its wrappers are data sources too, and Byte Buddy is relocated under it)
                // and the JDK's are never woven.
                .ignore(any(), isBootstrapClassLoader())
                .or(nameStartsWith("io.ddlguard.").or(nameStartsWith("java.")).or(nameStartsWith("javax."))
                        .or(nameStartsWith("jdk.")).or(nameStartsWith("sun.")).or(nameStartsWith("com.sun."))
                        .or(isSynthetic()))
                .type(isSubTypeOf(DataSource.class).and(not(isInterface())))
                .transform((builder, type, loader, module, domain) -> builder.visit(advice.on(
                        named("getConnection").and(not(isAbstract())).and(returns(Connection.class))
                                .and(takesArguments(0).or(takesArguments(String.class, String.class))))))
                .type(isSubTypeOf(Driver.class).and(not(isInterface())))
                .transform((builder, type, loader, module, domain) -> builder.visit(advice.on(
                        named("connect").and(not(isAbstract())).and(returns(Connection.class))
                                .and(takesArguments(String.class, Properties.class)))))
                .installOn(instrumentation);
        installed = guard;
        Diagnostics.debug("installed: DataSource.getConnection and Driver.connect are guarded");
    }

    /** Reports what could not be woven (always) and what was (when debugging). */
    private static final class Reporting extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            Diagnostics.debug("woven into " + type.getName() + (loaded ? " (retransformed)" : ""));
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            Diagnostics.report("could not weave into " + typeName + "; its connections are not guarded", throwable);
        }
    }
}
