package io.ddlguard.internal.parser;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The switch for the long fuzz run: {@code -Dddlguard.fuzz.tries=1000000} sets the tries of every property of a
 * class carrying {@code @AddLifecycleHook(FuzzTries.class)}; without it each property runs its own fast slice.
 */
public class FuzzTries implements AroundPropertyHook {

    /** The system property holding the tries per property. */
    static final String PROPERTY = "ddlguard.fuzz.tries";

    /** Registered on a test class, the hook reaches each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.DIRECT_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer tries = Integer.getInteger(PROPERTY);
        if (tries != null) {
            if (tries < 1) {
                throw new IllegalArgumentException(PROPERTY + " cannot be less than 1, was " + tries);
            }
            context.attributes().setTries(tries);
        }
        PropertyExecutionResult result = property.execute();
        if (tries != null) {
            // the figures of the long run, one line per property
            System.out.printf("[fuzz] %s: %d tries, %s%n", context.extendedLabel(), result.countTries(),
                    result.status());
        }
        return result;
    }
}
