#!/usr/bin/python3
"""Produce English sentences and read their translations with Confluent's own Python client.

This is the Python side of the interoperability check. It uses the legacy ``confluent_kafka.avro``
AvroProducer and AvroConsumer (Debian packages python3-confluent-kafka and python3-avro). It
registers its own copy of the EnglishSentence schema and produces ``--count`` sentences to
english-in. Then it reads japanese-out until every sentence has a translation.

Standard output gets one JSON object per line: first ``{"event": "produced", ...}`` with the sentence
ids and the registered schema id, then one ``{"event": "translation", ...}`` per decoded
JapaneseTranslation. Exit status: 0 when every sentence got a translation, 2 on timeout, 1 on any
other error.

Keys are Avro strings in the Confluent wire format (magic byte, schema id, Avro bytes), because the
legacy AvroProducer needs a key schema and AvroConsumer decodes every key it reads as Avro.
"""

import argparse
import datetime
import json
import os
import sys
import time
import uuid

try:
    from confluent_kafka import KafkaException, avro
    from confluent_kafka.avro import AvroConsumer, AvroProducer, CachedSchemaRegistryClient
except ImportError as error:
    sys.stderr.write(
        "confluent_kafka.avro is missing (%s); install the Debian packages python3-confluent-kafka "
        "and python3-avro and run this script with /usr/bin/python3\n" % error)
    sys.exit(1)

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_SCHEMA_PATH = os.path.join(REPO_ROOT, "schemas", "EnglishSentence.avsc")
INPUT_TOPIC = "english-in"
OUTPUT_TOPIC = "japanese-out"
SOURCE = "confluent-python"
EXIT_TIMEOUT = 2


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", required=True, help="Kafka bootstrap servers, HOST:PORT")
    parser.add_argument("--registry-url", required=True, help="schema registry URL, for example http://127.0.0.1:8081")
    parser.add_argument("--count", type=int, default=3, help="number of sentences to produce (default 3)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds to wait for all translations after producing (default 60)")
    parser.add_argument("--schema", default=DEFAULT_SCHEMA_PATH,
                        help="EnglishSentence schema file (default: schemas/EnglishSentence.avsc)")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1, got %d" % args.count)
    return args


def emit(event):
    sys.stdout.write(json.dumps(event, ensure_ascii=False, default=json_value) + "\n")
    sys.stdout.flush()


def json_value(value):
    """Converts timestamp-millis fields, which python3-avro decodes to datetime, back to epoch milliseconds."""
    if isinstance(value, datetime.datetime):
        return int(value.timestamp() * 1000)
    raise TypeError("cannot convert %r to JSON" % (value,))


def produce_sentences(args, key_schema, value_schema):
    """Registers the schema, produces the sentences and returns their ids in order."""
    registry = CachedSchemaRegistryClient({"url": args.registry_url})
    schema_id = registry.register(INPUT_TOPIC + "-value", value_schema)

    producer = AvroProducer(
        {"bootstrap.servers": args.bootstrap_servers, "schema.registry.url": args.registry_url},
        default_key_schema=key_schema, default_value_schema=value_schema)
    ids = []
    for index in range(args.count):
        sentence_id = str(uuid.uuid4())
        sentence = {
            "id": sentence_id,
            "text": "This is sentence number %d from the Python client." % (index + 1),
            "source": SOURCE,
            "tenant": None,
            "eventTime": datetime.datetime.now(datetime.timezone.utc),
        }
        producer.produce(topic=INPUT_TOPIC, key=sentence_id, value=sentence)
        ids.append(sentence_id)
    remaining = producer.flush(30)
    if remaining:
        raise RuntimeError("%d of %d sentences were not delivered to %s within 30 s"
                           % (remaining, args.count, INPUT_TOPIC))

    emit({"event": "produced", "topic": INPUT_TOPIC, "schemaId": schema_id, "ids": ids})
    return ids


def consume_translations(args, ids):
    """Reads japanese-out until every id has a translation; returns the ids still missing."""
    consumer = AvroConsumer({
        "bootstrap.servers": args.bootstrap_servers,
        "schema.registry.url": args.registry_url,
        "group.id": "confluent-python-interop-" + str(uuid.uuid4()),
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
    })
    missing = set(ids)
    deadline = time.monotonic() + args.timeout
    try:
        consumer.subscribe([OUTPUT_TOPIC])
        while missing and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                raise KafkaException(message.error())
            translation = message.value()
            if translation is None or translation.get("id") not in missing:
                continue
            missing.discard(translation["id"])
            emit({"event": "translation", "key": message.key(), "partition": message.partition(),
                  "offset": message.offset(), "value": translation})
    finally:
        consumer.close()
    return missing


def main():
    args = parse_args()
    with open(args.schema, encoding="utf-8") as schema_file:
        value_schema = avro.loads(schema_file.read())
    key_schema = avro.loads('"string"')

    ids = produce_sentences(args, key_schema, value_schema)
    missing = consume_translations(args, ids)
    if missing:
        sys.stderr.write("Timed out after %.0f s: %d of %d sentences got no translation on %s: %s\n"
                         % (args.timeout, len(missing), len(ids), OUTPUT_TOPIC, ", ".join(sorted(missing))))
        return EXIT_TIMEOUT
    return 0


if __name__ == "__main__":
    sys.exit(main())
