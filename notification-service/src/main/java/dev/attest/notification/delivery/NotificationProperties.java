package dev.attest.notification.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param mailKey   private RSA JWK that opens the codes and tokens identity-service encrypts for us
 * @param from      sender address of every mail
 * @param publicUrl base URL of the frontend, for links in mails
 */
@ConfigurationProperties("attest.notification")
public record NotificationProperties(String mailKey, String from, String publicUrl) {

    public NotificationProperties {
        from = from == null ? "no-reply@attest.local" : from;
        publicUrl = publicUrl == null ? "http://localhost:8080" : publicUrl;
    }
}
