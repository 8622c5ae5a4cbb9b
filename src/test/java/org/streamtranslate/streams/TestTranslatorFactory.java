package org.streamtranslate.streams;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.streamtranslate.inference.DeterministicTestTranslator;
import org.streamtranslate.inference.Translator;

/**
 * Replaces the real model with a {@link DeterministicTestTranslator} in the {@value #ENVIRONMENT} environment, which
 * breaks the model call for the text {@value #POISON_TEXT}.
 */
@Factory
@Requires(env = TestTranslatorFactory.ENVIRONMENT)
public class TestTranslatorFactory {

    public static final String ENVIRONMENT = "test-translator";
    public static final String POISON_TEXT = "poison";

    @Singleton
    @Replaces(Translator.class)
    Translator testTranslator() {
        return new DeterministicTestTranslator().breakModelOn(POISON_TEXT);
    }
}
