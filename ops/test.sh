#!/usr/bin/env bash
# The whole test suite: unit tests, topology tests and the integration tests that start a real Kafka broker, the
# dev schema registry, the service and Confluent's own Python client. Installs the Debian packages the tests need
# when they are missing (as root, or with sudo), validates docker-compose.yml, then runs Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(python3-confluent-kafka python3-avro docker-compose)
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if ((${#missing[@]} > 0)); then
    sudo=""
    if [[ "$(id -u)" -ne 0 ]]; then
        sudo="sudo"
    fi
    echo "== Installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -d ../shared/data ]]; then
    echo "ERROR: ../shared/data not found: the tests read the corpus from there (see README.md)" >&2
    exit 1
fi

echo "== docker-compose.yml"
ops/check-compose.sh

echo "== Tests"
exec mvn -B verify "$@"
