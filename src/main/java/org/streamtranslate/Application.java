package org.streamtranslate;

import io.micronaut.runtime.Micronaut;

/** Starts the translation service: the Kafka Streams topology, the model and the management endpoints. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
