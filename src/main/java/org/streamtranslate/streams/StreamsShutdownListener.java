package org.streamtranslate.streams;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.configuration.kafka.streams.KafkaStreamsFactory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * Stops Kafka Streams when the application shuts down, before any bean is destroyed, so that no stream thread calls
 * the {@code Translator} after its model has been closed.
 *
 * <p>Micronaut publishes {@link ShutdownEvent} before it destroys beans. Without this listener the {@code Translator}
 * bean, which closes the TensorFlow model, is destroyed before {@link KafkaStreamsFactory}, which closes the streams.
 * A batch flushed in between fails with a closed-graph error and its sentences are dead-lettered with reason
 * {@code model-failure}, although nothing is wrong with them.
 *
 * <p>The listener only exists when micronaut-kafka-streams is enabled, so that a context with {@code kafka.enabled}
 * set to {@code false} still stops.
 *
 * <p>Limitation: when the streams do not stop within {@code kafka.streams.default.close-timeout}, the model is still
 * closed afterwards, and a batch flushed after that is dead-lettered as before; the WARN log names the stream.
 */
@Singleton
@Requires(beans = KafkaStreamsFactory.class)
public class StreamsShutdownListener implements ApplicationEventListener<ShutdownEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsShutdownListener.class);

    private final KafkaStreamsFactory streamsFactory;

    public StreamsShutdownListener(KafkaStreamsFactory streamsFactory) {
        this.streamsFactory = streamsFactory;
    }

    @Override
    public void onApplicationEvent(ShutdownEvent event) {
        for (Map.Entry<KafkaStreams, ConfiguredStreamBuilder> entry : streamsFactory.getStreams().entrySet()) {
            String name = entry.getValue().getName();
            Duration timeout = entry.getValue().getCloseTimeout();
            long start = System.nanoTime();
            boolean stopped = entry.getKey().close(timeout);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            if (stopped) {
                LOG.info("Kafka Streams stopped before the model is closed: stream={} elapsedMs={}", name, elapsedMs);
            } else {
                LOG.warn("Kafka Streams did not stop within the close timeout; batches flushed after the model closes"
                        + " are dead-lettered. stream={} timeoutMs={}", name, timeout.toMillis());
            }
        }
    }
}
