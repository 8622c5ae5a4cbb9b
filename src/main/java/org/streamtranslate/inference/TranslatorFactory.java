package org.streamtranslate.inference;

import java.nio.file.Path;
import java.util.List;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streamtranslate.config.TranslatorConfiguration;
import org.streamtranslate.model.TranslationModel;

/**
 * Creates the {@link Translator} bean from the SavedModel folder in {@code translator.model-path}.
 *
 * <p>The model is loaded and run once on a sample sentence at start-up, so that TensorFlow's one-time graph
 * preparation does not delay the first real batch. A model that does not load stops the application with the reason.
 */
@Factory
public class TranslatorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TranslatorFactory.class);
    private static final String WARM_UP_SENTENCE = "this is a warm-up sentence .";

    @Singleton
    @Bean(preDestroy = "close")
    Translator translator(TranslatorConfiguration configuration) {
        String modelPath = configuration.getModelPath();
        long start = System.nanoTime();
        SavedModelTranslator translator = new SavedModelTranslator(TranslationModel.load(Path.of(modelPath)),
                configuration.getBeamSize());
        translator.translate(List.of(WARM_UP_SENTENCE));
        LOG.info("Model loaded path={} version={} variant={} members={} beamSize={} loadMs={}", modelPath,
                translator.modelVersion(), translator.model().config().variant().id(),
                translator.model().config().members(), configuration.getBeamSize(),
                (System.nanoTime() - start) / 1_000_000);
        return translator;
    }
}
