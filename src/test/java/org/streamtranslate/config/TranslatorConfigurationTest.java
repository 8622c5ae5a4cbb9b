package org.streamtranslate.config;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranslatorConfigurationTest {

    @Test
    void shouldUseDocumentedDefaults() {
        // given no translator.* properties
        try (ApplicationContext context = startContext(Map.of())) {

            // when the bean is read
            TranslatorConfiguration configuration = context.getBean(TranslatorConfiguration.class);

            // then every setting has its default
            assertEquals(32, configuration.getBatchSize());
            assertEquals(Duration.ofMillis(25), configuration.getMaxWait());
            assertEquals(1000, configuration.getMaxTextLength());
            assertEquals("english-in", configuration.getTopics().getInput());
            assertEquals("japanese-out", configuration.getTopics().getOutput());
            assertEquals("english-in-dlq", configuration.getTopics().getDeadLetter());
            assertEquals("models/default", configuration.getModelPath());
            assertEquals(1, configuration.getBeamSize());
            assertEquals(Duration.ofSeconds(30), configuration.getRegistryRetryTimeout());
        }
    }

    @Test
    void shouldBindConfiguredValues() {
        // given every translator.* property set
        Map<String, Object> properties = Map.of(
                "translator.batch-size", 8,
                "translator.max-wait", "40ms",
                "translator.max-text-length", 200,
                "translator.topics.input", "en.v2",
                "translator.topics.output", "ja.v2",
                "translator.topics.dead-letter", "en.v2.dlq");

        try (ApplicationContext context = startContext(properties)) {

            // when the bean is read
            TranslatorConfiguration configuration = context.getBean(TranslatorConfiguration.class);

            // then it has the configured values
            assertEquals(8, configuration.getBatchSize());
            assertEquals(Duration.ofMillis(40), configuration.getMaxWait());
            assertEquals(200, configuration.getMaxTextLength());
            assertEquals("en.v2", configuration.getTopics().getInput());
            assertEquals("ja.v2", configuration.getTopics().getOutput());
            assertEquals("en.v2.dlq", configuration.getTopics().getDeadLetter());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "translator.batch-size        | 0        | translator.batch-size must be between 1 and 4096 sentences, but was 0",
        "translator.batch-size        | 5000     | translator.batch-size must be between 1 and 4096 sentences, but was 5000",
        "translator.max-wait          | 0ms      | translator.max-wait must be a positive duration such as 25ms, but was PT0S",
        "translator.max-wait          | -5ms     | translator.max-wait must be a positive duration such as 25ms, but was PT-0.005S",
        "translator.max-text-length   | 0        | translator.max-text-length must be at least 1 character, but was 0",
        "translator.beam-size         | 0        | translator.beam-size must be between 1 and 16, but was 0",
        "translator.beam-size         | 17       | translator.beam-size must be between 1 and 16, but was 17",
        "translator.registry-retry-timeout | 0s  | translator.registry-retry-timeout must be a positive duration",
        "translator.topics.input      | 'a b'    | translator.topics.input must contain only letters, digits",
        "translator.topics.dead-letter| 'x/y'    | translator.topics.dead-letter must contain only letters, digits",
    })
    void shouldRejectInvalidValueWithClearMessage(String property, String value, String expectedMessage) {
        // given an invalid value
        try (ApplicationContext context = startContext(Map.of(property, value))) {

            // when the bean is created
            RuntimeException exception = assertThrows(RuntimeException.class,
                    () -> context.getBean(TranslatorConfiguration.class).getTopics());

            // then the cause is an IllegalArgumentException naming the property, the value and the range
            IllegalArgumentException cause = findCause(exception);
            assertTrue(cause.getMessage().startsWith(expectedMessage),
                    "message was: " + cause.getMessage());
        }
    }

    @Test
    void shouldRejectBlankTopicName() {
        TranslatorConfiguration.Topics topics = new TranslatorConfiguration.Topics();

        IllegalArgumentException exception = assertThrows(IllegalArgumentException.class,
                () -> topics.setOutput(" "));

        assertEquals("translator.topics.output must be a topic name, but was ' '; set it in application.yml",
                exception.getMessage());
    }

    @Test
    void shouldRejectNullMaxWait() {
        TranslatorConfiguration configuration = new TranslatorConfiguration();

        IllegalArgumentException exception = assertThrows(IllegalArgumentException.class,
                () -> configuration.setMaxWait(null));

        assertTrue(exception.getMessage().startsWith("translator.max-wait must be a positive duration"),
                "message was: " + exception.getMessage());
    }

    /** Starts a context without Kafka, so that no stream, broker or model is needed to read the bean. */
    private static ApplicationContext startContext(Map<String, Object> properties) {
        Map<String, Object> withoutKafka = new HashMap<>(properties);
        withoutKafka.put("kafka.enabled", false);
        return ApplicationContext.builder()
                .properties(withoutKafka)
                .start();
    }

    private static IllegalArgumentException findCause(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException illegalArgument) {
                return illegalArgument;
            }
        }
        throw new AssertionError("no IllegalArgumentException in the cause chain of " + exception, exception);
    }
}
