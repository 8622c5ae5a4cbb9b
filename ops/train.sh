#!/usr/bin/env bash
# Trains a model with the project's TF Java trainer. Usage:
#   ops/train.sh DATA_DIR OUTPUT_DIR [train options...]
# DATA_DIR is the folder holding small_parallel_enja/ (for example ../shared/data). Options after OUTPUT_DIR go to
# the trainer unchanged; run with --help to list them. The command behind the shipped model is in models/MODEL.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
    echo "usage: ops/train.sh DATA_DIR OUTPUT_DIR [train options...]" >&2
    exit 2
fi
data=$1
output=$2
shift 2
mvn -q -o -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null 2>&1 \
    || mvn -q -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
# The JVM loads some classes only hours into a run, so it reads a copy: a rebuild meanwhile cannot mix
# class versions.
classes=$(mktemp -d target/train-classes.XXXXXX)
cp -r target/classes/. "$classes"
exec java -Xmx8g -cp "$classes:$(cat target/classpath.txt)" org.streamtranslate.training.TrainCommand \
    --train "$data/small_parallel_enja/train" --dev "$data/small_parallel_enja/dev" --output "$output" "$@"
