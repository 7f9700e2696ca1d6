package dev.aiim.platform.messaging;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageType;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The one way to build an outgoing platform message: CloudEvents binary mode (SmallRye writes the
 * {@code ce_*} headers), the record as JSON data, the Kafka key, and the topic of its message type.
 */
public final class CloudEventMessages {

    private CloudEventMessages() {
    }

    /**
     * @param id      the CloudEvents id, stable for a given fact so that consumers can drop repeats
     * @param source  the producing service, e.g. {@code /detection-service}
     * @param subject the aggregate id ({@code ce_subject})
     * @param key     the Kafka key (ordering unit)
     */
    public static Message<String> outgoing(MessageType type, String id, String source, String subject, String key,
                                           Instant time, Object data) {
        if (!type.payloadType().isInstance(data)) {
            throw new IllegalArgumentException(type.ceType() + " carries " + type.payloadType().getSimpleName()
                    + ", not " + data.getClass().getSimpleName());
        }
        return written(type, id, source, subject, key, time, EventJson.write(data));
    }

    /**
     * The same message from data already written as JSON by {@link EventJson} from a record of the type's payload
     * (an outbox row, written from its record as it was queued): sent as it is, without reading it back first.
     */
    public static Message<String> written(MessageType type, String id, String source, String subject, String key,
                                          Instant time, String json) {
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(id)
                .withType(type.ceType())
                .withSource(URI.create(source))
                .withSubject(subject)
                .withTimestamp(time.atZone(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(type.topic())
                .withKey(key)
                .build();
        return Message.of(json).addMetadata(cloudEvent).addMetadata(kafka);
    }
}
