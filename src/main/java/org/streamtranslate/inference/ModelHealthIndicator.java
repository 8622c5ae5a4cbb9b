package org.streamtranslate.inference;

import io.micronaut.context.BeanProvider;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.health.HealthStatus;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Map;

/**
 * Adds a {@value #NAME} entry to {@code /health}: UP with the model version when a {@link Translator} bean is
 * loaded, DOWN with the reason when there is no such bean or creating it failed.
 *
 * <p>The translation stream needs the {@code Translator} too, so when the model cannot load the application
 * normally fails at startup. This indicator reports DOWN, with the reason, in setups that start without the stream.
 */
@Singleton
public class ModelHealthIndicator implements HealthIndicator {

    public static final String NAME = "model";

    private final BeanProvider<Translator> translatorProvider;

    public ModelHealthIndicator(BeanProvider<Translator> translatorProvider) {
        this.translatorProvider = translatorProvider;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(checkModel());
    }

    private HealthResult checkModel() {
        if (!translatorProvider.isPresent()) {
            return down("No Translator bean is defined, so no model is loaded; check the model configuration",
                    null);
        }

        try {
            Translator translator = translatorProvider.get();
            return HealthResult.builder(NAME, HealthStatus.UP)
                    .details(Map.of("modelVersion", translator.modelVersion()))
                    .build();
        } catch (RuntimeException e) {
            return down("The Translator bean could not be created: " + e.getMessage(), e);
        }
    }

    private static HealthResult down(String reason, Throwable exception) {
        HealthResult.Builder builder = HealthResult.builder(NAME, HealthStatus.DOWN)
                .details(Map.of("reason", reason));
        return exception == null ? builder.build() : builder.exception(exception).build();
    }
}
