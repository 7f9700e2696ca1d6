
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;

/**
 * Writes a backlog onto a broker's topics: COUNT keyed records spread evenly over the topics, none of them
 * a platform message (no CloudEvents headers), so every consumer that reads one parks it on its dead-letter
 * topic and goes on. Keys make the records acceptable to compacted topics too. Started by
 * deploy/local/platform as a single-file Java program: java -cp "kafka/lib/*" KafkaBacklog.java BOOTSTRAP COUNT TOPIC...
 */
public class KafkaBacklog {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int count = Integer.parseInt(args[1]);
        List<String> topics = List.of(args).subList(2, args.length);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String padding = "x".repeat(160);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            List<Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String topic = topics.get(i % topics.size());
                String key = "backlog-" + (i % 1000);
                pending.add(producer.send(new ProducerRecord<>(topic, key,
                        "{\"backlog\": " + i + ", \"padding\": \"" + padding + "\"}")));
            }
            producer.flush();
            for (Future<?> sent : pending) {
                sent.get(); // any refused record fails the whole backlog
            }
        }
        System.out.println("backlog: " + count + " records on " + String.join(", ", topics) + " (" + bootstrap + ")");
    }
}
