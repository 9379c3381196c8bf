package dev.attest.kit.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Reads revision {@code from} of an event type as revision {@code from + 1}, in which {@code removed} is gone
 * and {@code added} is new and null: the upcaster for a field that gave way to another, as a ciphertext did
 * to the id of a held secret (docs/decisions/0006). Subclasses name the type and the fields.
 */
public abstract class FieldReplaced extends SingleEventUpcaster {

    private final String type;
    private final String from;
    private final String removed;
    private final String added;

    protected FieldReplaced(String type, int from, String removed, String added) {
        this.type = type;
        this.from = Integer.toString(from);
        this.removed = removed;
        this.added = added;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return from.equals(event.getType().getRevision()) && event.getType().getName().equals(type);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        String to = Integer.toString(Integer.parseInt(from) + 1);
        return event.upcastPayload(new SimpleSerializedType(type, to), JsonNode.class, payload -> {
            ObjectNode upcast = (ObjectNode) payload.deepCopy();
            upcast.remove(removed);
            upcast.putNull(added);
            return upcast;
        });
    }
}
