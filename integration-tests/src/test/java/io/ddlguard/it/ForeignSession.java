package io.ddlguard.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A second JVM running {@link ForeignHolder}: another process, with its own pgjdbc connection, holding a lock in
 * an open transaction. {@link #close()} kills the process and waits until its server session is gone, so the
 * lock is released before the next test.
 */
final class ForeignSession implements AutoCloseable {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final Connection observer;
    private final StringBuffer output;
    private final String applicationName;
    private final int backendPid;

    private ForeignSession(Process process, Connection observer, StringBuffer output, String applicationName,
                           int backendPid) {
        this.process = process;
        this.observer = observer;
        this.output = output;
        this.applicationName = applicationName;
        this.backendPid = backendPid;
    }

    /**
     * Starts the process and returns once it printed {@code ready}: its transaction has run {@code query}.
     *
     * @param observer a connection of the test JVM on the same server, used to find the process's session
     */
    static ForeignSession start(Connection observer, String jdbcUrl, String user, String query)
            throws IOException, SQLException, InterruptedException {
        String applicationName = "foreign-holder-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ForeignHolder.class.getName(), jdbcUrl, user, applicationName, query));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        StringBuffer output = new StringBuffer();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.equals("ready")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
            ready.completeExceptionally(new IllegalStateException("foreign holder exited before it was ready"));
        }, applicationName + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("foreign holder did not become ready; its output:\n" + output, e);
        }
        int pid = backendPid(observer, applicationName);
        return new ForeignSession(process, observer, output, applicationName, pid);
    }

    private static int backendPid(Connection observer, String applicationName) throws SQLException {
        try (PreparedStatement ps = observer.prepareStatement(
                "select pid from pg_stat_activity where application_name = ? and state = 'idle in transaction'")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no idle-in-transaction session named " + applicationName);
                }
                return rs.getInt(1);
            }
        }
    }

    /** The server pid of the process's connection. */
    int backendPid() {
        return backendPid;
    }

    /** Its {@code application_name}. */
    String applicationName() {
        return applicationName;
    }

    /** The operating-system process. */
    Process process() {
        return process;
    }

    /** Kills the process and waits until its server session has ended. */
    @Override
    public void close() throws SQLException, InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("foreign holder " + process.pid() + " did not die; output:\n" + output);
        }
        GuardRig.awaitSessionGone(observer, backendPid);
    }

    @Override
    public String toString() {
        return "ForeignSession[process " + process.pid() + ", backend " + backendPid + "]";
    }
}
