package dev.mlsync.store;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * A DataSource whose only connection is the caller's open transaction, for libraries that take a
 * DataSource (db-scheduler's SchedulerClient): what they write commits or rolls back with that
 * transaction. Closing the connection they get does nothing; autocommit stays off, and db-scheduler
 * does not commit a connection whose autocommit is off (commitWhenAutocommitDisabled is false).
 */
final class TransactionDataSource implements DataSource {
    private final Connection connection;

    TransactionDataSource(Connection transaction) {
        this.connection = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close", "commit", "rollback", "setAutoCommit" -> {
                            return null;
                        }
                        case "isClosed" -> {
                            return false;
                        }
                        default -> {
                            try {
                                return method.invoke(transaction, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    }
                });
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) {
        return connection;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws java.sql.SQLException {
        throw new java.sql.SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
