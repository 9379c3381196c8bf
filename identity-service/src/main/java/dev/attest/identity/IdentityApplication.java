package dev.attest.identity;

import dev.attest.identity.crypto.IdentityKeys;
import dev.attest.identity.crypto.SecretBox;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IdentityApplication {

    /** Aggregates are given the box that opens authenticator secrets, not the whole key set. */
    @Bean
    SecretBox secretBox(IdentityKeys keys) {
        return keys.secretBox();
    }

    public static void main(String[] args) {
        SpringApplication.run(IdentityApplication.class, args);
    }
}
