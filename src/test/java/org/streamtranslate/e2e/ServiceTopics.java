package org.streamtranslate.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The three topics of one service instance under test. Each test uses its own names, so that tests sharing a broker
 * never read each other's records.
 *
 * @param input topic of {@code EnglishSentence} records, {@code translator.topics.input}
 * @param output topic of {@code JapaneseTranslation} records, {@code translator.topics.output}
 * @param deadLetter topic of rejected input records, {@code translator.topics.dead-letter}
 */
record ServiceTopics(String input, String output, String deadLetter) {

    /** The default names from {@code application.yml}, which Confluent's Python client script also uses. */
    static final ServiceTopics DEFAULT = new ServiceTopics("english-in", "japanese-out", "english-in-dlq");

    /** Returns the default names, each prefixed with {@code prefix} and a dot. */
    static ServiceTopics withPrefix(String prefix) {
        return new ServiceTopics(prefix + "." + DEFAULT.input, prefix + "." + DEFAULT.output,
                prefix + "." + DEFAULT.deadLetter);
    }

    /** Creates the three topics with the given number of partitions and replication factor 1. */
    void create(String bootstrapServers, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(input, partitions, (short) 1),
                    new NewTopic(output, partitions, (short) 1),
                    new NewTopic(deadLetter, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Returns the {@code translator.topics.*} properties that point the service at these topics. */
    Map<String, Object> serviceProperties() {
        return Map.of("translator.topics.input", input,
                "translator.topics.output", output,
                "translator.topics.dead-letter", deadLetter);
    }
}
