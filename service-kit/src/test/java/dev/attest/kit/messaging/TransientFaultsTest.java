package dev.attest.kit.messaging;

import com.mongodb.MongoTimeoutException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFaultsTest {

    @Test
    void anUnreachableDatabaseOrMongoDbDeepInsideTheListenerFailureIsTransient() {
        assertThat(TransientFaults.isTransient(new ListenerExecutionFailedException("listener",
                new CommandExecutionException("command", new CannotGetJdbcConnectionException("no connection"))))).isTrue();
        assertThat(TransientFaults.isTransient(new ListenerExecutionFailedException("listener",
                new MongoTimeoutException("no server")))).isTrue();
        assertThat(TransientFaults.isTransient(new IllegalStateException("smtp", new ConnectException("refused"))))
                .isTrue();
    }

    @Test
    void aRecordOrCodeProblemIsNot() {
        assertThat(TransientFaults.isTransient(new ListenerExecutionFailedException("listener",
                new IllegalArgumentException("bad value")))).isFalse();
        assertThat(TransientFaults.isTransient(new DataIntegrityViolationException("duplicate"))).isFalse();
        assertThat(TransientFaults.isTransient(new CloudEventInbox.MalformedEvent("malformed", null))).isFalse();
    }
}
