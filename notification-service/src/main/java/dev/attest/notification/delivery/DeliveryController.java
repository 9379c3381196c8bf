package dev.attest.notification.delivery;

import dev.attest.kit.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The platform operator reads the delivery log, newest first. */
@RestController
public class DeliveryController {

    private final MongoTemplate mongo;

    public DeliveryController(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @GetMapping("/api/v1/notifications/deliveries")
    public List<Delivery> deliveries(Caller caller, @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        caller.requireOperator();
        return mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "requestedAt")).limit(limit), Delivery.class);
    }
}
