package org.streamtranslate.streams;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streamtranslate.avro.PendingSentence;
import org.streamtranslate.inference.TranslationOutcome;
import org.streamtranslate.inference.Translator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Translates one batch of buffered sentences with one model call. When that call throws, each sentence is sent alone
 * so that only the sentences that make the model fail are lost to the dead-letter topic.
 */
final class BatchTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(BatchTranslator.class);

    private final Translator translator;
    private final TranslationMetrics metrics;

    BatchTranslator(Translator translator, TranslationMetrics metrics) {
        this.translator = translator;
        this.metrics = metrics;
    }

    /**
     * The result of one sentence of a batch.
     *
     * @param sentence the buffered sentence
     * @param outcome the translator's outcome, or a {@code model-failure} outcome when the call threw
     * @param batchSize number of sentences in the model call that produced the outcome
     * @param translatedTime when that model call returned, in milliseconds since the Unix epoch
     * @param exception what the model call threw, or {@code null} when it returned
     */
    record SentenceResult(PendingSentence sentence, TranslationOutcome outcome, int batchSize, long translatedTime,
                          Throwable exception) {
    }

    /**
     * Translates the sentences, retrying each one alone when the call for the whole batch throws.
     *
     * @param batch sentences in input order, not empty
     * @param startTimeMs wall-clock time when the flush started, in milliseconds since the Unix epoch; translated
     *     times are this plus the time measured since the call
     * @return one result per sentence, in input order
     */
    List<SentenceResult> translate(List<PendingSentence> batch, long startTimeMs) {
        long startNanos = System.nanoTime();
        List<String> texts = batch.stream().map(pending -> pending.getSentence().getText()).toList();

        try {
            List<TranslationOutcome> outcomes = callModel(texts);
            long translatedTime = startTimeMs + elapsedMs(startNanos);
            List<SentenceResult> results = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                results.add(new SentenceResult(batch.get(i), outcomes.get(i), batch.size(), translatedTime, null));
            }
            return results;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                return List.of(modelFailure(batch.get(0), startTimeMs + elapsedMs(startNanos), e));
            }
            LOG.warn("Model call failed for a whole batch; translating each sentence alone. batchSize={} exception={}"
                    + " message=\"{}\"", batch.size(), e.getClass().getName(), e.getMessage());
            return translateEachAlone(batch, startTimeMs, startNanos);
        }
    }

    private List<SentenceResult> translateEachAlone(List<PendingSentence> batch, long startTimeMs, long startNanos) {
        List<SentenceResult> results = new ArrayList<>(batch.size());
        for (PendingSentence sentence : batch) {
            try {
                TranslationOutcome outcome = callModel(List.of(sentence.getSentence().getText())).get(0);
                results.add(new SentenceResult(sentence, outcome, 1, startTimeMs + elapsedMs(startNanos), null));
            } catch (RuntimeException e) {
                results.add(modelFailure(sentence, startTimeMs + elapsedMs(startNanos), e));
            }
        }
        return results;
    }

    /**
     * Calls the translator once, timing the call and checking that it returned one outcome per text.
     *
     * @throws IllegalStateException when the translator returns a wrong number of outcomes or a null one
     */
    private List<TranslationOutcome> callModel(List<String> texts) {
        long callStart = System.nanoTime();
        boolean succeeded = false;
        try {
            List<TranslationOutcome> outcomes = translator.translate(texts);
            requireOneOutcomePerText(texts, outcomes);
            succeeded = true;
            LOG.debug("Model call finished: batchSize={} elapsedMs={} texts={}", texts.size(),
                    elapsedMs(callStart), texts);
            return outcomes;
        } finally {
            metrics.modelCalled(texts.size(), System.nanoTime() - callStart, succeeded);
        }
    }

    private static void requireOneOutcomePerText(List<String> texts, List<TranslationOutcome> outcomes) {
        if (outcomes == null || outcomes.size() != texts.size()) {
            throw new IllegalStateException("Translator returned " + (outcomes == null ? "null" : outcomes.size())
                    + " outcomes for " + texts.size() + " texts; it must return one outcome per text");
        }
        if (outcomes.stream().anyMatch(Objects::isNull)) {
            throw new IllegalStateException("Translator returned a null outcome; it must return"
                    + " TranslationOutcome.failure(reason, detail) for a text it cannot translate");
        }
    }

    private static SentenceResult modelFailure(PendingSentence sentence, long translatedTime, RuntimeException e) {
        String detail = "The model call failed even for this sentence alone: " + e.getClass().getSimpleName()
                + ": " + e.getMessage();
        TranslationOutcome outcome = TranslationOutcome.failure(DeadLetterReasons.MODEL_FAILURE, detail);
        return new SentenceResult(sentence, outcome, 1, translatedTime, e);
    }

    private static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
