package org.streamtranslate.registry.dev;

/**
 * Command-line options of {@link DevSchemaRegistry#main}.
 *
 * @param bootstrapServers the Kafka bootstrap servers, or {@code null} to keep schemas in memory
 */
record DevRegistryOptions(String host, int port, String bootstrapServers, String topic, boolean help) {

    static final String USAGE = """
            Usage: DevSchemaRegistry [--port N] [--host ADDRESS] [--bootstrap-servers HOST:PORT] [--topic NAME]
              --port               HTTP port to listen on (default 8081; 0 picks a free port)
              --host               address to bind (default 127.0.0.1)
              --bootstrap-servers  Kafka brokers that store the schemas; without it schemas are lost on exit
              --topic              compacted Kafka topic for the schemas (default _schemas)""";

    /**
     * Parses {@code --name value} pairs.
     *
     * @throws IllegalArgumentException when an option is unknown, has no value or the port is not 0 to 65535
     */
    static DevRegistryOptions parse(String[] args) {
        String host = DevSchemaRegistry.DEFAULT_HOST;
        int port = DevSchemaRegistry.DEFAULT_PORT;
        String bootstrapServers = null;
        String topic = DevSchemaRegistry.DEFAULT_TOPIC;

        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                return new DevRegistryOptions(host, port, bootstrapServers, topic, true);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Missing value for option " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--host" -> host = value;
                case "--port" -> port = parsePort(value);
                case "--bootstrap-servers" -> bootstrapServers = value;
                case "--topic" -> topic = value;
                default -> throw new IllegalArgumentException("Unknown option " + name);
            }
        }
        return new DevRegistryOptions(host, port, bootstrapServers, topic, false);
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid --port '" + value + "'; expected a number from 0 to 65535", e);
        }
        throw new IllegalArgumentException("Invalid --port '" + value + "'; expected a number from 0 to 65535");
    }
}
