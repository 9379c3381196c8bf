package dev.attest.kit.messaging;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.axonframework.common.AxonTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.ConnectException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;

/**
 * Failures that say "the infrastructure is away", not "this record is wrong": a database, MongoDB, the
 * broker or the mail server cannot be reached or timed out. Handling such a record again later will work,
 * so it is retried for as long as the outage lasts, never parked.
 */
public final class TransientFaults {

    private static final List<Class<? extends Throwable>> TRANSIENT = List.of(
            TransientDataAccessException.class, RecoverableDataAccessException.class,
            DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            MongoSocketException.class, MongoTimeoutException.class,
            SQLTransientException.class, SQLRecoverableException.class,
            AxonTransientException.class, ConnectException.class,
            org.apache.kafka.common.errors.RetriableException.class);

    private TransientFaults() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            for (Class<? extends Throwable> type : TRANSIENT) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }
}
