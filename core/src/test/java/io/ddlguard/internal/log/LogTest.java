package io.ddlguard.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class LogTest {

    @Test
    void placeholdersAreFilledInOrderAsSlf4jFillsThem() {
        assertThat(Log.format("{}: dialect {}", new Object[] {"pool", "postgresql"}, 2))
                .isEqualTo("pool: dialect postgresql");
        assertThat(Log.format("{} and {}", new Object[] {"one"}, 1)).isEqualTo("one and {}");
        assertThat(Log.format("literal \\{} then {}", new Object[] {"x"}, 1)).isEqualTo("literal {} then x");
    }

    @Test
    void withoutSlf4jAWarningReachesThePlatformLoggerWithItsCause() {
        RecordingLogger platform = new RecordingLogger();
        IllegalStateException cause = new IllegalStateException("boom");

        new Log.SystemBackend(platform).warn("{}: could not {}", new Object[] {"pool", "read locks", cause});

        assertThat(platform.messages).containsExactly("WARNING pool: could not read locks");
        assertThat(platform.thrown).containsExactly(cause);
    }

    @Test
    void debugMessagesAreNotFormattedWhenThePlatformLoggerDropsThem() {
        RecordingLogger platform = new RecordingLogger();

        new Log.SystemBackend(platform).debug("{}", new Object[] {"ignored"});

        assertThat(platform.messages).isEmpty();
    }

    /** A platform logger at INFO that keeps what it is given. */
    private static final class RecordingLogger implements System.Logger {
        final List<String> messages = new ArrayList<>();
        final List<Throwable> thrown = new ArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= Level.INFO.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable t) {
            messages.add(level + " " + msg);
            thrown.add(t);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            messages.add(level + " " + format);
        }
    }
}
