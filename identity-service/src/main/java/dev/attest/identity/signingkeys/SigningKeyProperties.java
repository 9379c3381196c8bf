package dev.attest.identity.signingkeys;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param publishAhead how long a new signing key is in the JWKS before it signs, so every verifier has it
 *                     by then (they fetch the key set again for an unknown key id, at most every few seconds)
 * @param rotateEvery  rotate on a schedule: a new key when the newest is this old; unset or zero: only when
 *                     the operator asks
 */
@ConfigurationProperties("attest.identity.signing-keys")
public record SigningKeyProperties(Duration publishAhead, Duration rotateEvery) {

    public SigningKeyProperties {
        publishAhead = publishAhead == null ? Duration.ofMinutes(1) : publishAhead;
        rotateEvery = rotateEvery == null ? Duration.ZERO : rotateEvery;
    }
}
