package dev.aiim.platform.messaging;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MalformedMessageException;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.MessageTypes;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;
import java.util.Set;

/**
 * An incoming platform message read from its CloudEvents headers and JSON data. Anything that is not
 * a well-formed message of an expected type raises {@link MalformedMessageException}, which a consumer
 * lets propagate so that the message is parked on its dead-letter topic with the reason.
 */
public record ReceivedMessage(String id, MessageType type, String subject, Instant time, Object data) {

    public static ReceivedMessage read(Message<String> message, Set<MessageType> expected) {
        @SuppressWarnings("unchecked")
        IncomingCloudEventMetadata<Object> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new MalformedMessageException("Not a CloudEvent: the ce_id, ce_type, ce_source"
                        + " and ce_specversion headers are required"));
        Instant time = cloudEvent.getTimeStamp().map(t -> t.toInstant()).orElse(null);
        return read(cloudEvent.getId(), cloudEvent.getType(), cloudEvent.getSubject().orElse(null), time,
                message.getPayload(), expected);
    }

    /** The same from the parts of a record read without the messaging connector (a replay of a topic). */
    public static ReceivedMessage read(String id, String ceType, String subject, Instant time, String payload,
                                       Set<MessageType> expected) {
        if (id == null || ceType == null) {
            throw new MalformedMessageException("Not a CloudEvent: the ce_id and ce_type headers are required");
        }
        MessageType type = MessageTypes.byCeType(ceType)
                .filter(expected::contains)
                .orElseThrow(() -> new MalformedMessageException("Unexpected CloudEvents type '" + ceType
                        + "' on this topic"));
        if (payload == null || payload.isBlank()) {
            throw new MalformedMessageException("Empty data for " + type.ceType());
        }
        Object data = EventJson.read(payload, type.payloadType());
        return new ReceivedMessage(id, type, subject, time, data);
    }

    public <T> T data(Class<T> type) {
        return type.cast(data);
    }
}
