package org.streamtranslate.registry.dev;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent-REST-compatible schema registry for the local stack without Docker and for tests. Production uses a
 * real registry (Confluent, Apicurio, Karapace or Redpanda).
 *
 * <p>It serves the subject, version, schema-by-id, compatibility and config endpoints with Confluent's response
 * shapes and error codes, checks compatibility with Avro's {@code SchemaCompatibility} (BACKWARD by default), and
 * keeps its state either in memory or on a compacted Kafka topic that it replays at start.
 *
 * <p>Limitation: Avro only, without schema references, contexts, modes or authentication, because the service
 * needs none of them. One registry per Kafka topic, because there is no leader election.
 */
public final class DevSchemaRegistry implements AutoCloseable {

    /** Port of {@link #main}, the port Confluent Schema Registry uses. */
    public static final int DEFAULT_PORT = 8081;
    /** Address of {@link #main}; loopback so that the dev registry is not reachable from other hosts. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Kafka topic that stores the schemas, the name Confluent Schema Registry uses. */
    public static final String DEFAULT_TOPIC = "_schemas";

    private static final Logger LOG = LoggerFactory.getLogger(DevSchemaRegistry.class);
    private static final int HANDLER_THREADS = 4;

    private final String host;
    private final int requestedPort;
    private final SchemaStore store;
    private HttpServer server;
    private ExecutorService executor;

    private DevSchemaRegistry(String host, int port, SchemaStore store) {
        this.host = host;
        this.requestedPort = port;
        this.store = store;
    }

    /**
     * Creates a registry that keeps its state in memory, for unit tests.
     *
     * @param port the port to listen on, or 0 for a free port
     */
    public static DevSchemaRegistry inMemory(String host, int port) {
        return new DevSchemaRegistry(host, port, new InMemorySchemaStore());
    }

    /**
     * Creates a registry that stores its state on a compacted Kafka topic, created with one partition and
     * replication factor 1 if it does not exist.
     *
     * @param port the port to listen on, or 0 for a free port
     * @param bootstrapServers the Kafka bootstrap servers, for example {@code 127.0.0.1:9092}
     * @param topic the schema topic, usually {@link #DEFAULT_TOPIC}
     */
    public static DevSchemaRegistry kafkaBacked(String host, int port, String bootstrapServers, String topic) {
        return new DevSchemaRegistry(host, port,
                new KafkaSchemaStore(bootstrapServers, topic, KafkaSchemaStore.DEFAULT_TIMEOUT));
    }

    /**
     * Replays the stored state and starts serving HTTP.
     *
     * @return this registry, for chaining
     * @throws IllegalStateException when already started, or when the Kafka store cannot be read
     * @throws UncheckedIOException when the port cannot be bound
     */
    public synchronized DevSchemaRegistry start() {
        if (server != null) {
            throw new IllegalStateException("Dev schema registry already started at " + url());
        }

        RegistryState state = new RegistryState(store);
        int entries = state.replay();

        try {
            server = HttpServer.create(new InetSocketAddress(host, requestedPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to bind the dev schema registry to " + host + ":" + requestedPort
                    + "; choose another port with --port", e);
        }
        executor = Executors.newFixedThreadPool(HANDLER_THREADS);
        server.setExecutor(executor);
        server.createContext("/", new RegistryHttpHandler(state));
        server.start();
        LOG.info("Dev schema registry ready url={} store={} replayedEntries={}", url(), store.description(), entries);
        return this;
    }

    /**
     * Returns the base url, for example {@code http://127.0.0.1:8081}.
     *
     * @throws IllegalStateException when not started
     */
    public synchronized String url() {
        return "http://" + host + ":" + port();
    }

    /**
     * Returns the bound port, which differs from the requested one when that was 0.
     *
     * @throws IllegalStateException when not started
     */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("Dev schema registry is not started; call start() first");
        }
        return server.getAddress().getPort();
    }

    /** Stops serving and closes the store. Calling it again, or before {@link #start()}, does nothing more. */
    @Override
    public synchronized void close() {
        if (server != null) {
            String url = url();
            server.stop(0);
            executor.shutdown();
            server = null;
            LOG.info("Dev schema registry stopped url={}", url);
        }
        store.close();
    }

    /**
     * Runs the registry until the process is stopped. Options: {@code --port} (default 8081), {@code --host}
     * (default 127.0.0.1), {@code --bootstrap-servers} (without it, schemas are kept in memory and lost on exit) and
     * {@code --topic} (default {@code _schemas}).
     */
    public static void main(String[] args) {
        DevRegistryOptions options;
        try {
            options = DevRegistryOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DevRegistryOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(DevRegistryOptions.USAGE);
            return;
        }

        DevSchemaRegistry registry;
        if (options.bootstrapServers() == null) {
            LOG.warn("No --bootstrap-servers given, so schemas are kept in memory and lost on exit");
            registry = inMemory(options.host(), options.port());
        } else {
            registry = kafkaBacked(options.host(), options.port(), options.bootstrapServers(), options.topic());
        }
        registry.start();
        Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "dev-schema-registry-shutdown"));
    }

    /** Creates a Kafka-backed registry whose broker calls time out after the given time instead of 30 s. */
    static DevSchemaRegistry kafkaBacked(String host, int port, String bootstrapServers, String topic,
            Duration timeout) {
        return new DevSchemaRegistry(host, port, new KafkaSchemaStore(bootstrapServers, topic, timeout));
    }
}
