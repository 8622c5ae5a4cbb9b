package org.streamtranslate.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings of the translation stream under the {@code translator} prefix: topic names, batch size, how long a
 * sentence may wait for its batch to fill, and the longest text accepted.
 *
 * <p>Each setter rejects an invalid value with an {@link IllegalArgumentException} that names the property, so a bad
 * {@code application.yml} stops the service at startup instead of surfacing later as a stuck or empty stream.
 */
@ConfigurationProperties("translator")
public class TranslatorConfiguration {

    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(25);
    public static final int DEFAULT_MAX_TEXT_LENGTH = 1000;
    public static final String DEFAULT_MODEL_PATH = "models/default";
    public static final Duration DEFAULT_REGISTRY_RETRY_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_BEAM_SIZE = 1;
    public static final int MAX_BEAM_SIZE = 16;

    /** Batches above this size would only add latency on two CPU cores; raise it when serving on an accelerator. */
    public static final int MAX_BATCH_SIZE = 4096;

    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration maxWait = DEFAULT_MAX_WAIT;
    private int maxTextLength = DEFAULT_MAX_TEXT_LENGTH;
    private Topics topics = new Topics();
    private String modelPath = DEFAULT_MODEL_PATH;
    private Duration registryRetryTimeout = DEFAULT_REGISTRY_RETRY_TIMEOUT;
    private int beamSize = DEFAULT_BEAM_SIZE;

    /**
     * Returns the beam size for decoding. With 1 the model decodes greedily inside the graph, one session call per
     * batch. A larger size keeps that many hypotheses per sentence, which translates better but costs one session
     * call per output word.
     *
     * @return hypotheses per sentence, from 1 to {@value #MAX_BEAM_SIZE}; default {@value #DEFAULT_BEAM_SIZE}
     */
    public int getBeamSize() {
        return beamSize;
    }

    public void setBeamSize(int beamSize) {
        if (beamSize < 1 || beamSize > MAX_BEAM_SIZE) {
            throw new IllegalArgumentException("translator.beam-size must be between 1 and " + MAX_BEAM_SIZE
                    + ", but was " + beamSize + "; set it in application.yml or TRANSLATOR_BEAM_SIZE");
        }
        this.beamSize = beamSize;
    }

    /**
     * Returns how long decoding a record retries while the schema registry is unreachable before the stream thread
     * gives up and is replaced. Keep it well below the consumer's {@code max.poll.interval.ms}.
     *
     * @return wall-clock retry budget, positive; default 30 s
     */
    public Duration getRegistryRetryTimeout() {
        return registryRetryTimeout;
    }

    public void setRegistryRetryTimeout(Duration registryRetryTimeout) {
        if (registryRetryTimeout == null || registryRetryTimeout.isNegative() || registryRetryTimeout.isZero()) {
            throw new IllegalArgumentException("translator.registry-retry-timeout must be a positive duration such as "
                    + "30s, but was " + registryRetryTimeout);
        }
        this.registryRetryTimeout = registryRetryTimeout;
    }

    /**
     * Returns the folder of the SavedModel to serve, as exported by the trainer's export command. A relative path is
     * resolved against the working directory.
     *
     * @return model folder; default {@value #DEFAULT_MODEL_PATH}
     */
    public String getModelPath() {
        return modelPath;
    }

    public void setModelPath(String modelPath) {
        if (modelPath == null || modelPath.isBlank()) {
            throw new IllegalArgumentException("translator.model-path must name a model folder such as "
                    + DEFAULT_MODEL_PATH + "; set it in application.yml or TRANSLATOR_MODEL_PATH");
        }
        this.modelPath = modelPath;
    }

    /**
     * Returns the number of sentences that triggers a model call as soon as that many are buffered in one task.
     *
     * @return sentences per batch, from 1 to {@value #MAX_BATCH_SIZE}; default {@value #DEFAULT_BATCH_SIZE}
     */
    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("translator.batch-size must be between 1 and " + MAX_BATCH_SIZE
                    + " sentences, but was " + batchSize + "; set it in application.yml or TRANSLATOR_BATCH_SIZE");
        }
        this.batchSize = batchSize;
    }

    /**
     * Returns how long the oldest buffered sentence may wait before a batch smaller than {@link #getBatchSize()} is
     * sent to the model. The stream checks the wait every {@code max-wait / 2}, at least every 5 ms, so a sentence may
     * wait up to that much longer.
     *
     * @return wall-clock wait, positive; default 25 ms
     */
    public Duration getMaxWait() {
        return maxWait;
    }

    public void setMaxWait(Duration maxWait) {
        if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("translator.max-wait must be a positive duration such as 25ms, but was "
                    + maxWait + "; set it in application.yml or TRANSLATOR_MAX_WAIT");
        }
        this.maxWait = maxWait;
    }

    /**
     * Returns the maximum length of an English text in Unicode code points. Longer texts go to the dead-letter topic
     * with reason {@code text-too-long} and never reach the model.
     *
     * @return characters (code points), at least 1; default {@value #DEFAULT_MAX_TEXT_LENGTH}
     */
    public int getMaxTextLength() {
        return maxTextLength;
    }

    public void setMaxTextLength(int maxTextLength) {
        if (maxTextLength < 1) {
            throw new IllegalArgumentException("translator.max-text-length must be at least 1 character, but was "
                    + maxTextLength + "; set it in application.yml or TRANSLATOR_MAX_TEXT_LENGTH");
        }
        this.maxTextLength = maxTextLength;
    }

    /** Returns the topic names under {@code translator.topics}. */
    public Topics getTopics() {
        return topics;
    }

    public void setTopics(Topics topics) {
        if (topics == null) {
            throw new IllegalArgumentException("translator.topics must not be null");
        }
        this.topics = topics;
    }

    /** Topic names under {@code translator.topics}: where sentences are read and where results and dead letters go. */
    @ConfigurationProperties("topics")
    public static class Topics {

        public static final String DEFAULT_INPUT = "english-in";
        public static final String DEFAULT_OUTPUT = "japanese-out";
        public static final String DEFAULT_DEAD_LETTER = "english-in-dlq";

        private String input = DEFAULT_INPUT;
        private String output = DEFAULT_OUTPUT;
        private String deadLetter = DEFAULT_DEAD_LETTER;

        /**
         * Returns the topic of {@code EnglishSentence} records to translate.
         *
         * @return topic name; default {@value #DEFAULT_INPUT}
         */
        public String getInput() {
            return input;
        }

        public void setInput(String input) {
            this.input = requireTopicName("translator.topics.input", input);
        }

        /**
         * Returns the topic that receives one {@code JapaneseTranslation} per translated sentence.
         *
         * @return topic name; default {@value #DEFAULT_OUTPUT}
         */
        public String getOutput() {
            return output;
        }

        public void setOutput(String output) {
            this.output = requireTopicName("translator.topics.output", output);
        }

        /**
         * Returns the topic that receives the original bytes of every record that could not be translated, with
         * {@code dlq.*} headers saying why.
         *
         * @return topic name; default {@value #DEFAULT_DEAD_LETTER}
         */
        public String getDeadLetter() {
            return deadLetter;
        }

        public void setDeadLetter(String deadLetter) {
            this.deadLetter = requireTopicName("translator.topics.dead-letter", deadLetter);
        }

        private static String requireTopicName(String property, String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(property + " must be a topic name, but was '" + name
                        + "'; set it in application.yml");
            }
            if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException(property + " must contain only letters, digits, '.', '_' and '-'"
                        + " and be at most 249 characters (Kafka's topic name rule), but was '" + name + "'");
            }
            return name;
        }
    }
}
