package org.streamtranslate.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.streamtranslate.config.TranslatorConfiguration;

import java.time.Duration;

/**
 * Micrometer meters of the translation stream, all named {@code translator.*}. Prometheus shows them with dots
 * replaced by underscores and with unit suffixes, for example {@code translator_dead_letters_total}.
 */
@Singleton
public class TranslationMetrics {

    /** Counter of records read from the input topic, valid or not. */
    public static final String RECORDS_IN = "translator.records.in";
    /** Counter of translations written to the output topic. */
    public static final String RECORDS_OUT = "translator.records.out";
    /** Counter of records written to the dead-letter topic, tagged with {@value #REASON_TAG}. */
    public static final String DEAD_LETTERS = "translator.dead.letters";
    /** Distribution of the number of sentences per model call, retries of single sentences included. */
    public static final String BATCH_SIZE = "translator.batch.size";
    /** Timer of each model call, tagged {@value #OUTCOME_TAG} {@code success} or {@code failure}. */
    public static final String INFERENCE_TIME = "translator.inference.time";
    /** Timer of translatedTime - eventTime per translation: from when the sentence was written to its translation. */
    public static final String END_TO_END_LATENCY = "translator.end.to.end.latency";

    public static final String REASON_TAG = "reason";
    public static final String OUTCOME_TAG = "outcome";

    private final MeterRegistry registry;
    private final Counter recordsIn;
    private final Counter recordsOut;
    private final DistributionSummary batchSize;
    private final Timer inferenceSuccess;
    private final Timer inferenceFailure;
    private final Timer endToEndLatency;

    /** Creates the meters with the batch-size histogram sized for the largest allowed batch. */
    public TranslationMetrics(MeterRegistry registry) {
        this(registry, TranslatorConfiguration.MAX_BATCH_SIZE);
    }

    /**
     * Creates the meters with the batch-size histogram's buckets ending at the configured batch size, so that
     * Prometheus gets buckets where batches really fall instead of buckets up to the 4096 allowed.
     */
    @Inject
    public TranslationMetrics(MeterRegistry registry, TranslatorConfiguration configuration) {
        this(registry, configuration.getBatchSize());
    }

    private TranslationMetrics(MeterRegistry registry, int largestBatch) {
        this.registry = registry;
        this.recordsIn = Counter.builder(RECORDS_IN)
                .description("Records read from the input topic, valid or not")
                .register(registry);
        this.recordsOut = Counter.builder(RECORDS_OUT)
                .description("Translations written to the output topic")
                .register(registry);
        this.batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("Sentences per model call")
                .baseUnit("sentences")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue((double) largestBatch)
                .register(registry);
        this.inferenceSuccess = inferenceTimer("success");
        this.inferenceFailure = inferenceTimer("failure");
        this.endToEndLatency = Timer.builder(END_TO_END_LATENCY)
                .description("Time from the sentence's eventTime to its translatedTime")
                .publishPercentileHistogram()
                .register(registry);
    }

    void recordReceived() {
        recordsIn.increment();
    }

    void translationSent(long eventTimeMs, long translatedTimeMs) {
        recordsOut.increment();

        // Micrometer ignores negative durations; a negative latency means the producer's clock is ahead of ours.
        endToEndLatency.record(Duration.ofMillis(translatedTimeMs - eventTimeMs));
    }

    void deadLetterSent(String reason) {
        Counter.builder(DEAD_LETTERS)
                .description("Records written to the dead-letter topic")
                .tag(REASON_TAG, reason)
                .register(registry)
                .increment();
    }

    void modelCalled(int sentences, long elapsedNanos, boolean succeeded) {
        batchSize.record(sentences);
        Timer timer = succeeded ? inferenceSuccess : inferenceFailure;
        timer.record(Duration.ofNanos(elapsedNanos));
    }

    private Timer inferenceTimer(String outcome) {
        return Timer.builder(INFERENCE_TIME)
                .description("Duration of one model call")
                .tag(OUTCOME_TAG, outcome)
                .publishPercentileHistogram()
                .register(registry);
    }
}
