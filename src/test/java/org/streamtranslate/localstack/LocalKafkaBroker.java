package org.streamtranslate.localstack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Kafka cluster (KRaft broker and controller in one process) for integration tests and the
 * local stack.
 *
 * <p>Use {@link #start(Path)} in tests: it picks free ports on 127.0.0.1, formats the data directory on first
 * use and keeps the data when the same directory is started again. The settings suit one node: internal topics
 * (consumer offsets, transaction state, share-group state) have replication factor 1 and min ISR 1, so
 * exactly-once Kafka Streams works, and the group initial rebalance delay is 0 so consumers join quickly.
 *
 * <p>{@link #main(String[])} runs the same broker as its own JVM for {@code ops/local-stack.sh}. It prints one
 * line starting with {@value #READY_LINE_PREFIX} when clients can connect and shuts down cleanly on SIGTERM.
 *
 * <p>Limitation: the broker listener is plain text without authentication, because it only listens on
 * 127.0.0.1 for tests and local development. It is not a production configuration.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    /** Start of the line {@link #main(String[])} prints on standard output once the broker accepts clients. */
    public static final String READY_LINE_PREFIX = "Kafka broker ready";

    /** Maximum time to wait for the broker to accept clients after start-up. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String LOG_DIR_NAME = "kraft-logs";
    private static final String CONFIG_FILE_NAME = "server.properties";

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String bootstrapServers;
    private boolean closed;

    private LocalKafkaBroker(KafkaRaftServer server, Path dataDir, String bootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker on two free ports of 127.0.0.1 with its data in {@code dataDir}, and returns once it
     * accepts clients.
     *
     * @param dataDir directory for the configuration and the log directory. It is created and formatted if
     *                needed, and an existing formatted directory is reused with its topics and records.
     * @throws IllegalStateException if formatting fails or the broker does not accept clients within
     *                               {@link #DEFAULT_START_TIMEOUT}
     */
    public static LocalKafkaBroker start(Path dataDir) {
        return start(dataDir, freePort(), freePort());
    }

    /**
     * Starts a broker on fixed ports of 127.0.0.1, for example 9092 for clients in the local stack.
     *
     * @param port           port of the PLAINTEXT listener that clients connect to
     * @param controllerPort port of the KRaft controller listener, used only inside this process
     * @see #start(Path)
     */
    public static LocalKafkaBroker start(Path dataDir, int port, int controllerPort) {
        Path absoluteDataDir = dataDir.toAbsolutePath();
        Path logDir = absoluteDataDir.resolve(LOG_DIR_NAME);
        Path configFile = absoluteDataDir.resolve(CONFIG_FILE_NAME);
        Properties config = brokerConfig(logDir, port, controllerPort);

        writeConfig(configFile, config);
        formatIfNeeded(logDir, configFile);

        long startNanos = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        server.startup();
        LocalKafkaBroker broker = new LocalKafkaBroker(server, absoluteDataDir, HOST + ":" + port);
        try {
            broker.awaitClients(DEFAULT_START_TIMEOUT);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }

        long startMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        LOG.info("Kafka broker started bootstrapServers={} dataDir={} startMs={}",
                broker.bootstrapServers, absoluteDataDir, startMs);
        return broker;
    }

    /** Returns the {@code bootstrap.servers} value for clients, {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Returns the absolute data directory this broker was started with. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Shuts the broker down cleanly and waits until it has stopped, so the same data directory can be started
     * again. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker stopped bootstrapServers={} dataDir={}", bootstrapServers, dataDir);
    }

    /**
     * Runs the broker as its own JVM until SIGTERM or Ctrl-C; see {@link CommandLineOptions} for the options.
     * Exits with status 1 if the broker does not start.
     */
    public static void main(String[] args) {
        int exitCode = new CommandLine(new CommandLineOptions()).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    private static Properties brokerConfig(Path logDir, int port, int controllerPort) {
        Properties config = new Properties();
        config.setProperty("process.roles", "broker,controller");
        config.setProperty("node.id", Integer.toString(NODE_ID));
        config.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        config.setProperty("listeners",
                "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        config.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        config.setProperty("controller.listener.names", "CONTROLLER");
        config.setProperty("inter.broker.listener.name", "PLAINTEXT");
        config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.setProperty("log.dirs", logDir.toString());

        // One node cannot hold more than one replica, and exactly-once Streams needs the transaction state log.
        config.setProperty("offsets.topic.replication.factor", "1");
        config.setProperty("offsets.topic.num.partitions", "5");
        config.setProperty("transaction.state.log.replication.factor", "1");
        config.setProperty("transaction.state.log.min.isr", "1");
        config.setProperty("transaction.state.log.num.partitions", "5");
        config.setProperty("share.coordinator.state.topic.replication.factor", "1");
        config.setProperty("share.coordinator.state.topic.min.isr", "1");
        config.setProperty("default.replication.factor", "1");
        config.setProperty("min.insync.replicas", "1");
        config.setProperty("group.initial.rebalance.delay.ms", "0");

        // Smaller than the defaults (3 network threads, 8 I/O threads, 128 MiB dedupe buffer) because tests and
        // the local stack share the machine with the application.
        config.setProperty("num.network.threads", "2");
        config.setProperty("num.io.threads", "2");
        config.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        return config;
    }

    private static void writeConfig(Path configFile, Properties config) {
        try {
            Files.createDirectories(configFile.getParent());
            try (OutputStream out = Files.newOutputStream(configFile)) {
                config.store(out, "Written by LocalKafkaBroker on each start; edits are overwritten.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write the broker configuration " + configFile, e);
        }
    }

    /**
     * Formats the log directory with a new cluster id unless it already contains {@code meta.properties}.
     * {@code --ignore-formatted} makes a repeated format a no-op as well, so existing data is never lost.
     */
    private static void formatIfNeeded(Path logDir, Path configFile) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {
            "format", "--config", configFile.toString(), "--cluster-id", Uuid.randomUuid().toString(),
            "--ignore-formatted"
        };
        int exitCode;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(args, printStream);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Failed to format the Kafka log directory " + logDir + ": "
                    + output.toString(StandardCharsets.UTF_8), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Failed to format the Kafka log directory " + logDir + ", exit code "
                    + exitCode + ": " + output.toString(StandardCharsets.UTF_8));
        }
        LOG.info("Formatted Kafka log directory logDir={}", logDir);
    }

    private void awaitClients(Duration timeout) {
        Properties adminConfig = new Properties();
        adminConfig.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminConfig.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        adminConfig.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");

        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        try (Admin admin = Admin.create(adminConfig)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    lastFailure = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the Kafka broker to start", e);
                }
                sleepBeforeRetry();
            }
        }
        throw new IllegalStateException("Kafka broker at " + bootstrapServers + " did not accept clients within "
                + timeout.toSeconds() + " s; data directory " + dataDir, lastFailure);
    }

    private static void sleepBeforeRetry() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker to start", e);
        }
    }

    /**
     * Returns a port that was free on 127.0.0.1 a moment ago. Another process could take it before the broker
     * binds it; the broker then fails to start with an address-in-use error.
     */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to find a free port on " + HOST, e);
        }
    }

    /** Command-line options of {@link #main(String[])}. */
    @Command(name = "local-kafka-broker", mixinStandardHelpOptions = true,
            description = "Runs a single-node Kafka broker and KRaft controller on 127.0.0.1 until SIGTERM.")
    static final class CommandLineOptions implements Callable<Integer> {

        @Option(names = "--data-dir", required = true,
                description = "Directory for the broker configuration and log. "
                        + "It is formatted on first use and kept after.")
        Path dataDir;

        @Option(names = "--port", defaultValue = "9092",
                description = "Port of the client listener on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--controller-port", defaultValue = "9093",
                description = "Port of the KRaft controller listener on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int controllerPort;

        @Override
        public Integer call() throws InterruptedException {
            long startNanos = System.nanoTime();
            LocalKafkaBroker broker = start(dataDir, port, controllerPort);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "local-kafka-broker-shutdown"));

            System.out.printf("%s: bootstrap.servers=%s data-dir=%s start-ms=%d%n", READY_LINE_PREFIX,
                    broker.bootstrapServers(), broker.dataDir(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            System.out.flush();

            // The shutdown hook stops the server on SIGTERM, which ends this wait and then main.
            broker.server.awaitShutdown();
            return 0;
        }
    }
}
