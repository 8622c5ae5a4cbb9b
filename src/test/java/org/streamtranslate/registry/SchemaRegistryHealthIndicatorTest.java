package org.streamtranslate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import org.junit.jupiter.api.Test;
import org.streamtranslate.registry.dev.DevSchemaRegistry;

class SchemaRegistryHealthIndicatorTest {

    @Test
    void shouldReportUpWhenRegistryAnswers() throws Exception {
        try (DevSchemaRegistry registry = DevSchemaRegistry.inMemory("127.0.0.1", 0).start()) {
            SchemaRegistryHealthIndicator indicator = new SchemaRegistryHealthIndicator(
                    new HttpSchemaRegistryClient(registry.url(), Duration.ofSeconds(5), null));

            indicator.check();

            assertEquals(HealthStatus.UP, result(indicator).getStatus());
        }
    }

    @Test
    void shouldReportDownWithReasonWhenRegistryIsUnreachable() throws IOException {
        String closedUrl = "http://127.0.0.1:" + freePort();
        SchemaRegistryHealthIndicator indicator = new SchemaRegistryHealthIndicator(
                new HttpSchemaRegistryClient(closedUrl, Duration.ofSeconds(2), null));

        indicator.check();

        HealthResult result = result(indicator);
        assertEquals(HealthStatus.DOWN, result.getStatus());
        String reason = String.valueOf(((Map<?, ?>) result.getDetails()).get("reason"));
        assertTrue(reason.contains(closedUrl), reason);
    }

    @Test
    void shouldReportUnknownBeforeFirstCheck() {
        SchemaRegistryHealthIndicator indicator = new SchemaRegistryHealthIndicator(new InMemorySchemaRegistryClient());

        assertEquals(HealthStatus.UNKNOWN, result(indicator).getStatus());
    }

    private static HealthResult result(SchemaRegistryHealthIndicator indicator) {
        return indicator.lastResult();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
