package dev.attest.identity;

import dev.attest.identity.crypto.IdentityKeys;
import dev.attest.identity.crypto.TotpSecretBox;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class IdentityApplication {

    /** Aggregates are given the box that opens authenticator secrets, not the whole key set. */
    @Bean
    TotpSecretBox totpSecretBox(IdentityKeys keys) {
        return keys.totpSecrets();
    }

    public static void main(String[] args) {
        SpringApplication.run(IdentityApplication.class, args);
    }
}
