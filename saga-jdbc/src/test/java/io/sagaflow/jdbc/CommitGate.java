package io.sagaflow.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A data source around a real one that counts commits, and can hold the next commit until released (so writes
 * arriving meanwhile queue up behind it) or make it fail; and can make the driver miscount the generated keys of the
 * next statement that asks for them, as a broken driver would.
 */
final class CommitGate {
    private final DataSource target;
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final AtomicReference<SQLException> failure = new AtomicReference<>();
    private final AtomicInteger keysMiscount = new AtomicInteger();

    CommitGate(DataSource target) {
        this.target = target;
    }

    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection c ? connection(c) : result;
                });
    }

    /** Holds the next commit until {@link #release()}. */
    CountDownLatch holdNextCommit() {
        CountDownLatch latch = new CountDownLatch(1);
        hold.set(latch);
        return latch;
    }

    /** Waits until a held commit is waiting. */
    void awaitHolding() throws InterruptedException {
        if (!holding.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("no commit reached the gate");
        }
    }

    /** Makes the next commit fail, as a lost connection would, after the database may or may not have committed. */
    void failNextCommit(SQLException e) {
        failure.set(e);
    }

    /**
     * Makes the generated keys of the next statement prepared to return them one fewer ({@code -1}: the first is
     * skipped) or one more ({@code +1}: a key 0 after the last) than the rows it inserted.
     */
    void miscountNextGeneratedKeys(int by) {
        if (by != -1 && by != 1) {
            throw new IllegalArgumentException("by must be -1 or +1, was " + by);
        }
        keysMiscount.set(by);
    }

    int commits() {
        return commits.get();
    }

    private Connection connection(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        CountDownLatch latch = hold.getAndSet(null);
                        if (latch != null) {
                            holding.countDown();
                            if (!latch.await(20, TimeUnit.SECONDS)) {
                                throw new SQLException("commit gate never released");
                            }
                        }
                        SQLException fail = failure.getAndSet(null);
                        if (fail != null) {
                            real.rollback();
                            throw fail;
                        }
                        Object result = invoke(real, method, args);
                        commits.incrementAndGet();
                        return result;
                    }
                    Object result = invoke(real, method, args);
                    if (method.getName().equals("prepareStatement") && args != null && args.length == 2
                            && args[1] instanceof String[]) {
                        int by = keysMiscount.getAndSet(0);
                        if (by != 0) {
                            return miscounting((PreparedStatement) result, by);
                        }
                    }
                    return result;
                });
    }

    private PreparedStatement miscounting(PreparedStatement real, int by) {
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return method.getName().equals("getGeneratedKeys") ? miscounted((ResultSet) result, by) : result;
                });
    }

    private ResultSet miscounted(ResultSet real, int by) {
        boolean[] extraGiven = new boolean[1];
        boolean[] firstSkipped = new boolean[1];
        return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("next")) {
                        if (by < 0 && !firstSkipped[0]) {
                            firstSkipped[0] = true;
                            real.next();
                        }
                        if (real.next()) {
                            return true;
                        }
                        if (by > 0 && !extraGiven[0]) {
                            extraGiven[0] = true;
                            return true;
                        }
                        return false;
                    }
                    if (method.getName().equals("getLong") && extraGiven[0]) {
                        return 0L;
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
