package dev.attest.identity.operator;

import dev.attest.identity.crypto.Secret;
import dev.attest.identity.user.EmailRegistry;
import dev.attest.identity.user.UserCommands.CreateOperator;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Creates the platform operator from ATTEST_OPERATOR_EMAIL / ATTEST_OPERATOR_PASSWORD on first start.
 * The operator creates clients; it belongs to none. Later starts leave the existing account alone.
 */
@Component
public class OperatorBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(OperatorBootstrap.class);

    private final CommandGateway commands;
    private final EmailRegistry emails;
    private final String email;
    private final String password;

    public OperatorBootstrap(CommandGateway commands, EmailRegistry emails,
                             @Value("${attest.operator.email:}") String email,
                             @Value("${attest.operator.password:}") String password) {
        this.commands = commands;
        this.emails = emails;
        this.email = email;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (email.isBlank() || password.isBlank()) {
            log.warn("No operator account configured (ATTEST_OPERATOR_EMAIL, ATTEST_OPERATOR_PASSWORD)");
            return;
        }
        if (emails.isTaken(email)) {
            return; // created before (the address is held, whether or not it is still the login)
        }
        String userId = UUID.nameUUIDFromBytes(("operator:" + EmailRegistry.normalize(email))
                .getBytes(StandardCharsets.UTF_8)).toString();
        commands.sendAndWait(new CreateOperator(userId, email, new Secret(password)));
        log.info("Created the operator account {}", EmailRegistry.normalize(email));
    }
}
