package dev.attest.identity.crypto;

/** A plaintext secret in flight (password, code, token). Never printed, never serialized into events. */
public record Secret(String value) {

    @Override
    public String toString() {
        return "[secret]";
    }
}
