package org.streamtranslate.console;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Names of the service's topics and creation of the missing ones, for the console client, the local stack and
 * tests. Run {@link #main(String[])} to create them from a shell.
 *
 * <p>Limitation: existing topics are left as they are, even if their partition count differs from the one
 * requested, because changing partitions of a topic in use would move keys to other partitions.
 */
public final class TranslationTopics {

    /** Topic of {@code EnglishSentence} records that the service translates. */
    public static final String ENGLISH_IN = "english-in";

    /** Topic of the {@code JapaneseTranslation} records that the service writes. */
    public static final String JAPANESE_OUT = "japanese-out";

    /** Dead-letter topic for input records the service cannot translate (empty, too long, undecodable). */
    public static final String ENGLISH_IN_DLQ = "english-in-dlq";

    /** The three topics above, in creation order. */
    public static final List<String> ALL = List.of(ENGLISH_IN, JAPANESE_OUT, ENGLISH_IN_DLQ);

    /** Partitions per topic when none are given. */
    public static final int DEFAULT_PARTITIONS = 3;

    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private TranslationTopics() {
    }

    /**
     * Creates each of {@link #ALL} that does not exist yet on the cluster at {@code bootstrapServers}.
     *
     * @param partitions        partitions of each created topic, at least 1
     * @param replicationFactor replicas of each created topic, at most the number of brokers
     * @return the topics created by this call, empty if all existed
     * @throws IllegalArgumentException if {@code partitions} or {@code replicationFactor} is below 1
     * @throws IllegalStateException    if the cluster does not respond within 30 s or rejects a topic
     */
    public static List<String> createMissing(String bootstrapServers, int partitions, short replicationFactor) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, got " + replicationFactor);
        }

        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<String> created = new ArrayList<>();
            for (String topic : ALL) {
                if (existing.contains(topic)) {
                    continue;
                }
                if (createTopic(admin, new NewTopic(topic, partitions, replicationFactor))) {
                    created.add(topic);
                }
            }
            return created;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Failed to list topics on Kafka at " + bootstrapServers
                    + "; check that the broker runs and --bootstrap-servers is right", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics on " + bootstrapServers, e);
        }
    }

    /** Returns false if another client created the topic between listing and creating. */
    private static boolean createTopic(Admin admin, NewTopic topic) throws InterruptedException, TimeoutException {
        try {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("Failed to create topic " + topic.name() + " with "
                    + topic.numPartitions() + " partitions and replication factor " + topic.replicationFactor(),
                    e.getCause());
        }
    }

    /** Creates the missing topics from a shell; prints the ones created and exits with status 1 on failure. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new CreateTopicsCommand()).execute(args));
    }

    @Command(name = "create-topics", mixinStandardHelpOptions = true,
            description = "Creates english-in, japanese-out and english-in-dlq if they do not exist.")
    static final class CreateTopicsCommand implements Callable<Integer> {

        @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092",
                description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT] (default: ${DEFAULT-VALUE}).")
        String bootstrapServers;

        @Option(names = "--partitions", defaultValue = "" + DEFAULT_PARTITIONS,
                description = "Partitions of each created topic (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--replication-factor", defaultValue = "1",
                description = "Replicas of each created topic, at most the broker count (default: ${DEFAULT-VALUE}).")
        short replicationFactor;

        @Override
        public Integer call() {
            List<String> created = createMissing(bootstrapServers, partitions, replicationFactor);
            System.out.println(created.isEmpty()
                    ? "Topics already exist: " + String.join(", ", ALL)
                    : "Created topics: " + String.join(", ", created));
            return 0;
        }
    }
}
