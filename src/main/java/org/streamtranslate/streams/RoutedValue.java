package org.streamtranslate.streams;

import org.streamtranslate.avro.JapaneseTranslation;
import org.streamtranslate.avro.PendingSentence;

/**
 * A value passed between the processors of the translation topology. The topology splits the stream by type, so
 * that each value reaches the batching processor, the output topic or the dead-letter topic.
 */
public sealed interface RoutedValue {

    /** A sentence that passed validation and waits to be batched. */
    record AcceptedSentence(PendingSentence sentence) implements RoutedValue {
    }

    /** A translation to write to the output topic. */
    record Translated(JapaneseTranslation translation) implements RoutedValue {
    }

    /**
     * A record that cannot be translated. The record headers contain the {@code dlq.*} headers with the reason.
     *
     * @param originalValue value bytes exactly as read from the input topic, or {@code null} for a tombstone
     * @param reason short machine-readable reason, the same as the {@code dlq.reason} header
     */
    record DeadLetter(byte[] originalValue, String reason) implements RoutedValue {
    }
}
