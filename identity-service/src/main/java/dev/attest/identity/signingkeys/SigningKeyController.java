package dev.attest.identity.signingkeys;

import dev.attest.kit.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** The operator's view of the signing keys, and rotation on demand. */
@RestController
public class SigningKeyController {

    private final SigningKeyRing ring;

    public SigningKeyController(SigningKeyRing ring) {
        this.ring = ring;
    }

    @GetMapping("/api/v1/signing-keys")
    public Map<String, List<SigningKeyRing.KeyState>> keys(Caller caller) {
        caller.requireOperator();
        return Map.of("items", ring.states());
    }

    /** A new key, published at once and signing after the publish-ahead time; the old one retires after it. */
    @PostMapping("/api/v1/signing-keys/rotate")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public SigningKeyRing.KeyState rotate(Caller caller) {
        caller.requireOperator();
        return ring.rotate();
    }
}
