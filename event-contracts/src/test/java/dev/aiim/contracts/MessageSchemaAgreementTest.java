package dev.aiim.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.aiim.contracts.aisystem.AiSystemRegistered;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Proves that each message record and its committed JSON Schema agree. Run with
 * {@code -Dcontracts.writeSchemas=true} once after changing a record to rewrite the schema files,
 * then review the diff: the files are the published contract.
 */
class MessageSchemaAgreementTest {

    private static final ObjectMapper PRETTY = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @TestFactory
    Stream<DynamicTest> committedSchemaDescribesTheRecordExactly() {
        return MessageTypes.ALL.stream().map(type -> dynamicTest(type.ceType(), () -> {
            ObjectNode derived = RecordSchemas.messageSchema(type);
            if (Boolean.getBoolean("contracts.writeSchemas")) {
                Path file = Path.of("src/main/resources").resolve(type.schemaResource());
                Files.createDirectories(file.getParent());
                Files.writeString(file, PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(derived) + "\n");
            }
            assertThat(committedSchema(type))
                    .as("schema file %s must match record %s (field added on one side only?)",
                            type.schemaResource(), type.payloadType().getSimpleName())
                    .isEqualTo(derived);
        }));
    }

    @TestFactory
    Stream<DynamicTest> recordJsonValidatesAgainstItsSchema() {
        return MessageTypes.ALL.stream().flatMap(type -> Stream.of(
                dynamicTest(type.ceType() + " with every field", () ->
                        assertThat(violations(type, SampleMessages.full(type.payloadType()))).isEmpty()),
                dynamicTest(type.ceType() + " with optional fields null", () ->
                        assertThat(violations(type, SampleMessages.withNullsWherePermitted(type.payloadType()))).isEmpty()),
                dynamicTest(type.ceType() + " reads back equal", () -> {
                    Object sample = SampleMessages.full(type.payloadType());
                    assertThat(EventJson.read(EventJson.write(sample), type.payloadType())).isEqualTo(sample);
                })));
    }

    @Test
    void schemaRejectsAFieldTheRecordDoesNotHave() throws IOException {
        MessageType type = MessageTypes.DETECTION_RAISED;
        ObjectNode json = (ObjectNode) EventJson.mapper().valueToTree(SampleMessages.full(type.payloadType()));
        json.put("undeclaredField", "x");
        assertThat(schema(type).validate(json)).isNotEmpty();
    }

    @Test
    void aSystemRegisteredBeforeItsEuDatabaseNumberExistedStillValidatesAndReads() throws IOException {
        MessageType type = MessageTypes.AI_SYSTEM_REGISTERED;
        ObjectNode json = (ObjectNode) EventJson.mapper().valueToTree(SampleMessages.full(type.payloadType()));
        ((ObjectNode) json.get("system")).remove("euDatabaseRegistrationNumber");
        assertThat(schema(type).validate(json)).isEmpty();
        assertThat(EventJson.read(json.toString(), AiSystemRegistered.class).system().euDatabaseRegistrationNumber())
                .isNull();
    }

    @Test
    void schemaRejectsAMissingRequiredField() throws IOException {
        MessageType type = MessageTypes.INCIDENT_TRIAGED;
        ObjectNode json = (ObjectNode) EventJson.mapper().valueToTree(SampleMessages.full(type.payloadType()));
        json.remove("rationale");
        assertThat(schema(type).validate(json)).extracting(ValidationMessage::getMessage)
                .anyMatch(m -> m.contains("rationale"));
    }

    @Test
    void everyMessageTypeHasAUniqueCloudEventsTypeAndItsOwnSchemaFile() {
        assertThat(MessageTypes.ALL).extracting(MessageType::ceType).doesNotHaveDuplicates();
        assertThat(MessageTypes.ALL).allSatisfy(type ->
                assertThat(MessageTypes.class.getClassLoader().getResource(type.schemaResource())).isNotNull());
        assertThat(MessageTypes.byCeType("incident.triaged.v1")).contains(MessageTypes.INCIDENT_TRIAGED);
        assertThat(MessageTypes.onTopic(Topics.INCIDENT_EVENTS)).hasSize(23)
                .allSatisfy(t -> assertThat(dev.aiim.contracts.incident.IncidentEvent.class).isAssignableFrom(t.payloadType()));
    }

    private static Set<ValidationMessage> violations(MessageType type, Object sample) throws IOException {
        JsonNode json = EventJson.mapper().valueToTree(sample);
        return schema(type).validate(json);
    }

    private static JsonSchema schema(MessageType type) throws IOException {
        return FACTORY.getSchema(committedSchema(type));
    }

    private static JsonNode committedSchema(MessageType type) throws IOException {
        try (InputStream in = MessageSchemaAgreementTest.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("schema file %s", type.schemaResource()).isNotNull();
            return PRETTY.readTree(in);
        }
    }
}
