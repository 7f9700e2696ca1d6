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
        MessageType type = MessageTypes.byCeType(cloudEvent.getType())
                .filter(expected::contains)
                .orElseThrow(() -> new MalformedMessageException("Unexpected CloudEvents type '" + cloudEvent.getType()
                        + "' on this topic"));
        String payload = message.getPayload();
        if (payload == null || payload.isBlank()) {
            throw new MalformedMessageException("Empty data for " + type.ceType());
        }
        Object data = EventJson.read(payload, type.payloadType());
        Instant time = cloudEvent.getTimeStamp().map(t -> t.toInstant()).orElse(null);
        return new ReceivedMessage(cloudEvent.getId(), type, cloudEvent.getSubject().orElse(null), time, data);
    }

    public <T> T data(Class<T> type) {
        return type.cast(data);
    }
}
