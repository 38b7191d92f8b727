package io.ddlguard.internal.jdbc;

import io.ddlguard.ConnectionOrigin;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The wrappers keep a tracked connection's record current: result sets, transaction mode, closing. */
class ConnectionRecordTest {

    private final List<ConnectionRecord> closed = new ArrayList<>();
    private final StubConnection raw = new StubConnection();
    private final ConnectionRecord record = new ConnectionRecord("orders-db", raw, "stub", 4242,
            new Throwable("borrowed"), true, closed::add);
    private final DdlConnection connection = new DdlConnection(raw, new RecordingRouter(), record);

    @Test
    void anOpenResultSetIsReportedWithItsSqlUntilClosed() throws SQLException {
        Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("select * from orders");

        assertThat(record.snapshot().openResultSets()).containsExactly("select * from orders");
        rs.close();
        assertThat(record.snapshot().openResultSets()).isEmpty();
    }

    @Test
    void closingTheStatementForgetsItsResultSets() throws SQLException {
        Statement s = connection.createStatement();
        s.executeQuery("select * from orders");
        PreparedStatement p = connection.prepareStatement("select * from lines where order_id = ?");
        p.executeQuery();

        assertThat(record.snapshot().openResultSets())
                .containsExactly("select * from orders", "select * from lines where order_id = ?");
        s.close();
        assertThat(record.snapshot().openResultSets()).containsExactly("select * from lines where order_id = ?");
    }

    @Test
    void resultSetsClosedOutOfOrderAreForgottenAndNotKept() throws SQLException {
        // a sliding window of two open result sets: each closes after the next one opened
        ResultSet previous = connection.createStatement().executeQuery("select 0");
        for (int i = 1; i <= 100; i++) {
            ResultSet next = connection.createStatement().executeQuery("select " + i);
            previous.close();
            previous = next;
        }

        assertThat(record.snapshot().openResultSets()).containsExactly("select 100");
        assertThat(record.linkedResultSets()).isLessThanOrEqualTo(2);
    }

    @Test
    void threadsSharingAConnectionLoseNoResultSet() throws Exception {
        int threads = 4;
        ResultSet borrowersOwn = connection.createStatement().executeQuery("select * from customers");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ResultSet>> lastOpen = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String sql = "select * from orders where shard = " + t;
                lastOpen.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        connection.createStatement().executeQuery(sql).close();
                    }
                    return connection.createStatement().executeQuery(sql);
                }));
            }
            List<ResultSet> open = new ArrayList<>();
            for (Future<ResultSet> f : lastOpen) {
                open.add(f.get(1, TimeUnit.MINUTES));
            }

            assertThat(record.snapshot().openResultSets()).containsExactlyInAnyOrder("select * from customers",
                    "select * from orders where shard = 0", "select * from orders where shard = 1", "select * from orders where shard = 2",
                    "select * from orders where shard = 3");
            for (ResultSet rs : open) {
                rs.close();
            }
            borrowersOwn.close();
            assertThat(record.snapshot().openResultSets()).isEmpty();
            connection.createStatement().executeQuery("select 1").close();
            assertThat(record.linkedResultSets()).isLessThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anOpenResultSetIsVisibleFromEveryThreadWhileOthersOpenAndCloseTheirsOutOfOrder() throws Exception {
        int threads = 6;
        int rounds = 1_500;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> leftOpen = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                leftOpen.add(pool.submit(() -> churn(thread, rounds, start)));
            }
            start.countDown();
            List<String> expected = new ArrayList<>(churn(threads, rounds, null)); // the borrowing thread too
            for (Future<List<String>> f : leftOpen) {
                expected.addAll(f.get(1, TimeUnit.MINUTES));
            }

            assertThat(record.snapshot().openResultSets()).containsExactlyInAnyOrderElementsOf(expected);
            connection.createStatement().executeQuery("select 'cleanup'").close();
            pool.submit(() -> {
                connection.createStatement().executeQuery("select 'cleanup'").close();
                return null;
            }).get(1, TimeUnit.MINUTES);
            assertThat(record.linkedResultSets()).as("closed result sets are not kept")
                    .isLessThanOrEqualTo(expected.size() + 2);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Opens and closes result sets in a shuffled window of up to five, checking after each open that the record
     * shows it; returns the SQL of those it leaves open.
     */
    private List<String> churn(int thread, int rounds, CountDownLatch start) throws Exception {
        if (start != null) {
            start.await();
        }
        java.util.Random random = new java.util.Random(thread);
        List<ResultSet> open = new ArrayList<>();
        List<String> sql = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            String text = "select " + thread + ", " + i;
            open.add(connection.createStatement().executeQuery(text));
            sql.add(text);
            assertThat(record.snapshot().openResultSets()).as("seen by thread %d", thread).contains(text);
            while (open.size() > random.nextInt(5)) {
                int victim = random.nextInt(open.size());
                open.remove(victim).close();
                sql.remove(victim);
            }
        }
        return sql;
    }

    @Test
    void aStatementsNextResultReplacesItsPreviousOne() throws SQLException {
        Statement s = connection.createStatement();
        s.executeQuery("select 1");
        s.execute("select 2");
        s.getResultSet();

        // each query opens a new driver result set, which replaces the one before it; getResultSet() hands back
        // the current one, whose wrapper is reused: one entry stays
        assertThat(record.snapshot().openResultSets()).hasSize(1);
    }

    @Test
    void autoCommitAndTransactionBoundariesAreTracked() throws SQLException {
        assertThat(record.snapshot().autoCommit()).isTrue();
        assertThat(record.snapshot().transactionMark()).isEmpty();

        connection.setAutoCommit(false);
        ConnectionOrigin inTransaction = record.snapshot();
        assertThat(inTransaction.autoCommit()).isFalse();
        assertThat(inTransaction.transactionMark()).isPresent();

        connection.commit();
        assertThat(record.snapshot().transactionMark().get()).isAfterOrEqualTo(inTransaction.transactionMark().get());
        connection.setAutoCommit(true);
        assertThat(record.snapshot().transactionMark()).isEmpty();
    }

    @Test
    void closingTheConnectionReleasesTheRecordOnce() throws SQLException {
        connection.createStatement().executeQuery("select 1");
        connection.close();

        assertThat(closed).containsExactly(record);
        assertThat(record.snapshot().openResultSets()).isEmpty();
    }

    @Test
    void theListenersWrapperSharesTheRecord() {
        assertThat(connection.withRouter(StatementRouter.PASS_THROUGH).record()).isSameAs(record);
    }

    @Test
    void theStackStartsAtTheCallerNotInsideDdlguard() {
        ConnectionOrigin origin = record.snapshot();
        assertThat(origin.stack()).isNotEmpty();
        assertThat(origin.stack().get(0).getClassName()).doesNotStartWith("io.ddlguard.internal.");
        // (this test's own frames are in io.ddlguard.internal too; DropGuardPostgresIT checks caller() names
        // the application's line)
        assertThat(origin.dataSource()).isEqualTo("orders-db");
        assertThat(origin.thread()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void withoutABorrowStackTheSnapshotShowsWhereTheBorrowingThreadIsNow() throws Exception {
        CountDownLatch borrowed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<ConnectionRecord> unstacked = new AtomicReference<>();
        Thread borrower = new Thread(() -> {
            unstacked.set(new ConnectionRecord("orders-db", raw, "stub", 7, null, false, r -> { }));
            borrowed.countDown();
            awaitQuietly(release);
        }, "report-worker");
        borrower.start();
        try {
            borrowed.await();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (borrower.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // until it is parked in awaitQuietly
            }
            ConnectionOrigin origin = unstacked.get().snapshot();

            assertThat(origin.stack()).isEmpty();
            assertThat(origin.thread()).isEqualTo("report-worker");
            assertThat(origin.threadNow()).anyMatch(f -> f.getMethodName().equals("awaitQuietly"));

            unstacked.get().connectionClosed();
            assertThat(unstacked.get().snapshot().threadNow()).isEmpty();
        } finally {
            release.countDown();
            borrower.join();
        }
    }

    @Test
    void withABorrowStackTheBorrowingThreadIsNotSampled() {
        assertThat(record.snapshot().threadNow()).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
