package io.ddlguard.internal.parser;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The switch for the long fuzz run: {@code -Dddlguard.fuzz.tries=1000000} sets the tries of every property of a
 * class carrying {@code @AddLifecycleHook(FuzzTries.class)}, with a new random seed each run, to explore. Without it
 * each property runs its own fast slice from one fixed seed ({@link #BUILD_SEED}), so that the normal build is a
 * repeatable gate: the parser runs strict there, and a rare input found by chance must not fail one build and pass
 * the next. {@code -Dddlguard.fuzz.seed=S} runs a given seed either way (as a failure report prints it).
 */
public class FuzzTries implements AroundPropertyHook {

    /** The system property holding the tries per property. */
    static final String PROPERTY = "ddlguard.fuzz.tries";
    /** The system property holding a seed to run. */
    static final String SEED = "ddlguard.fuzz.seed";
    /** The seed of the normal build's fast slice. */
    static final String BUILD_SEED = "20261204";

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
        String seed = System.getProperty(SEED, tries == null ? BUILD_SEED : null);
        if (seed != null && context.attributes().seed().isEmpty()) {
            context.attributes().setSeed(seed);
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
