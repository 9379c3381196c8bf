package dev.attest.notification.delivery;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Mail delivery keeps its token in the event store database, beside the pending secrets: the secret a
 * mail released, its {@code MailDelivered} and the token past it commit in one transaction. In MongoDB
 * the token was a second write per event, to another store, after the first had committed.
 */
@Configuration(proxyBeanMethods = false)
class MailDeliveryTokens {

    @Bean
    ConfigurerModule mailDeliveryUsesEventStoreTokens(ObjectProvider<JdbcTokenStore> eventStoreTokenStore) {
        return configurer -> configurer.eventProcessing().registerTokenStore(MailDispatcher.NAME,
                c -> eventStoreTokenStore.getObject());
    }
}
