package dev.aiim.incident.messaging;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.platform.testing.ConsumerContractTests;
import dev.aiim.platform.testing.SampleEvents;
import io.quarkus.test.junit.QuarkusTest;

/** Detections from the real broker are recorded once each; unreadable ones are dead-lettered. */
@QuarkusTest
class DetectionConsumerTest extends ConsumerContractTests {

    DetectionConsumerTest() {
        super(Topics.DETECTIONS, "incident-service", DetectionConsumer.CONSUMER);
    }

    @Override
    protected Sample sample(String uniqueId) {
        return new Sample(MessageTypes.DETECTION_RAISED, "credit-scoring:BIAS_FAIRNESS",
                SampleEvents.fairnessDetection("det-" + uniqueId));
    }

    @Override
    protected long storedEffects(String uniqueId) {
        return countRows("select count(*) from detection_signal where detection_id = :id"
                + " and category = 'BIAS_FAIRNESS' and data->>'systemId' = 'credit-scoring'", "det-" + uniqueId);
    }
}
