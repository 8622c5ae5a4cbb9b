package org.streamtranslate.registry.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streamtranslate.avro.ConfluentAvroSerdes;
import org.streamtranslate.avro.EnglishSentence;
import org.streamtranslate.localstack.LocalKafkaBroker;
import org.streamtranslate.registry.HttpSchemaRegistryClient;
import org.streamtranslate.registry.RegisteredSchema;
import org.streamtranslate.registry.SchemaRegistryException;

class DevSchemaRegistryIT {

    private static final String TOPIC = "_schemas";
    private static final Schema SENTENCE_WITHOUT_TENANT = new Schema.Parser().parse("""
            {"type": "record", "name": "EnglishSentence", "namespace": "org.streamtranslate.avro",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "text", "type": "string"},
               {"name": "source", "type": ["null", "string"], "default": null},
               {"name": "eventTime", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}""");
    private static final Schema GREETING = new Schema.Parser().parse("""
            {"type": "record", "name": "Greeting", "namespace": "test",
             "fields": [{"name": "text", "type": "string"}]}""");

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepSchemasAndIdsAcrossRegistryRestart() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dataDir)) {
            // given
            int oldSentenceId;
            int sentenceId;
            int greetingId;
            byte[] written;
            try (DevSchemaRegistry first = startRegistry(broker)) {
                HttpSchemaRegistryClient client = client(first);
                oldSentenceId = client.register("english-in-value", SENTENCE_WITHOUT_TENANT);
                sentenceId = client.register("english-in-value", EnglishSentence.getClassSchema());
                greetingId = client.register("greetings-value", GREETING);
                written = ConfluentAvroSerdes.specific(EnglishSentence.class, client, false, false).serializer()
                        .serialize("english-in", sentence());
            }

            // when
            try (DevSchemaRegistry second = startRegistry(broker)) {
                HttpSchemaRegistryClient client = client(second);
                Schema oldById = client.schemaById(oldSentenceId);
                int lookedUp = client.lookupId("english-in-value", EnglishSentence.getClassSchema());
                RegisteredSchema latest = client.latestVersion("english-in-value");
                int nextId = client.register("farewells-value", new Schema.Parser().parse(
                        GREETING.toString().replace("Greeting", "Farewell")));
                EnglishSentence read = ConfluentAvroSerdes.specific(EnglishSentence.class, client, false, false)
                        .deserializer().deserialize("english-in", written);

                // then
                assertEquals(1, oldSentenceId);
                assertEquals(2, sentenceId);
                assertEquals(3, greetingId);
                assertEquals(SENTENCE_WITHOUT_TENANT, oldById);
                assertEquals(sentenceId, lookedUp);
                assertEquals(new RegisteredSchema("english-in-value", 2, sentenceId, EnglishSentence.getClassSchema()),
                        latest);
                assertEquals(4, nextId);
                assertEquals(sentence(), read);
            }
        }
    }

    @Test
    void shouldKeepDeletionsAndConfigAcrossRestart() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dataDir)) {
            // given
            try (DevSchemaRegistry first = startRegistry(broker)) {
                HttpSchemaRegistryClient client = client(first);
                client.register("greetings-value", GREETING);
                client.register("english-in-value", SENTENCE_WITHOUT_TENANT);
                delete(first, "/subjects/greetings-value");
            }

            // when
            try (DevSchemaRegistry second = startRegistry(broker)) {
                HttpSchemaRegistryClient client = client(second);
                SchemaRegistryException deleted = assertThrows(SchemaRegistryException.class,
                        () -> client.latestVersion("greetings-value"));
                Schema stillResolvable = client.schemaById(1);

                // then
                assertEquals(SchemaRegistryException.Kind.SUBJECT_NOT_FOUND, deleted.kind());
                assertEquals(GREETING, stillResolvable);
                assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, cleanupPolicy(broker));
            }
        }
    }

    private static DevSchemaRegistry startRegistry(LocalKafkaBroker broker) {
        return DevSchemaRegistry.kafkaBacked("127.0.0.1", 0, broker.bootstrapServers(), TOPIC).start();
    }

    private static HttpSchemaRegistryClient client(DevSchemaRegistry registry) {
        return new HttpSchemaRegistryClient(registry.url(), Duration.ofSeconds(10), null);
    }

    private static void delete(DevSchemaRegistry registry, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + path)).DELETE().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    private static String cleanupPolicy(LocalKafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        }
    }

    private static EnglishSentence sentence() {
        return EnglishSentence.newBuilder()
                .setId("s-1")
                .setText("See you tomorrow.")
                .setTenant("acme")
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }
}
