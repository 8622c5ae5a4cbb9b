package org.streamtranslate.registry;

import java.util.Map;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds a {@value #NAME} entry to {@code /health}: UP while the schema registry answers, DOWN with the error while
 * it does not. During an outage the stream holds back records whose schema is not cached yet (see
 * {@code translator.registry-retry-timeout}), and this entry says why.
 *
 * <p>The registry is checked every {@value #CHECK_INTERVAL} in the background and {@code /health} returns the last
 * result, so a slow registry never blocks the health endpoint.
 */
@Singleton
public class SchemaRegistryHealthIndicator implements HealthIndicator {

    public static final String NAME = "schemaRegistry";
    static final String CHECK_INTERVAL = "10s";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryHealthIndicator.class);

    private final SchemaRegistryClient client;
    private volatile HealthResult lastResult = HealthResult.builder(NAME, HealthStatus.UNKNOWN)
            .details(Map.of("reason", "not checked yet")).build();

    public SchemaRegistryHealthIndicator(SchemaRegistryClient client) {
        this.client = client;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(lastResult);
    }

    HealthResult lastResult() {
        return lastResult;
    }

    /** Calls the registry and stores the result that {@code /health} returns until the next check. */
    @Scheduled(fixedDelay = CHECK_INTERVAL, initialDelay = "0s")
    public void check() {
        HealthResult previous = lastResult;
        try {
            client.checkReachable();
            lastResult = HealthResult.builder(NAME, HealthStatus.UP).build();
            if (previous.getStatus() == HealthStatus.DOWN) {
                LOG.info("Schema registry reachable again");
            }
        } catch (SchemaRegistryException e) {
            lastResult = HealthResult.builder(NAME, HealthStatus.DOWN)
                    .details(Map.of("reason", String.valueOf(e.getMessage()))).build();
            if (previous.getStatus() != HealthStatus.DOWN) {
                LOG.warn("Schema registry unreachable error={}", e.getMessage());
            }
        }
    }
}
