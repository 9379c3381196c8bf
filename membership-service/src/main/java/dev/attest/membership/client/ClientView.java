package dev.attest.membership.client;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/** The read model of a client with its groups. */
@Document("clients")
public record ClientView(@Id String id, String name, List<Group> groups, Instant createdAt) {

    public record Group(String id, String name, List<String> permissions) {
    }
}
