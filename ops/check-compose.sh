#!/usr/bin/env bash
# Validates docker-compose.yml with docker-compose config, which needs no Docker engine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v docker-compose >/dev/null; then
    echo "docker-compose not found; install Debian's docker-compose package" >&2
    exit 1
fi
docker-compose --project-directory "$ROOT" -f "$ROOT/docker-compose.yml" config -q
echo "docker-compose.yml is valid"
