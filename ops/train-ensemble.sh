#!/usr/bin/env bash
# Trains the members of an ensemble one after another, exports each one and joins them into one SavedModel. Usage:
#   ops/train-ensemble.sh DATA_DIR OUTPUT_DIR VERSION SEED... [-- train options...]
# Each seed trains one member with ops/train.sh and the given options. The runs go to OUTPUT_DIR/run-SEED, their
# exports to OUTPUT_DIR/member-SEED and the ensemble to OUTPUT_DIR/model. Running it again after an interruption
# exports finished members without retraining them and resumes an unfinished one from its last epoch. The command
# behind the shipped model is in models/MODEL.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 5 ]; then
    echo "usage: ops/train-ensemble.sh DATA_DIR OUTPUT_DIR VERSION SEED SEED... [-- train options...]" >&2
    exit 2
fi
data=$1
output=$2
version=$3
shift 3
seeds=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    if ! [[ "$1" =~ ^[0-9]+$ ]]; then
        echo "seed '$1' is not a whole number; put trainer options after --, for example: 37 43 -- --epochs 20" >&2
        exit 2
    fi
    seeds+=("$1")
    shift
done
[ $# -gt 0 ] && shift
if [ ${#seeds[@]} -lt 2 ]; then
    echo "an ensemble needs at least two seeds, got ${#seeds[@]}" >&2
    exit 2
fi

members=()
for seed in "${seeds[@]}"; do
    run="$output/run-$seed"
    if ! grep -qs "training finished" "$run/train.log"; then
        mkdir -p "$run"
        resume=()
        if [ -f "$run/trainer-state.json" ]; then
            resume=(--resume)
        fi
        echo "training member with seed $seed into $run ${resume[*]:-}"
        ops/train.sh "$data" "$run" --seed "$seed" ${resume[@]+"${resume[@]}"} "$@" 2>&1 | tee -a "$run/train.log"
    else
        echo "reusing the finished run in $run (its options are in $run/training-options.json); delete it to retrain"
    fi
    rm -rf "$output/member-$seed"
    java -cp "target/classes:$(cat target/classpath.txt)" org.streamtranslate.model.ExportCommand \
        --run "$run" --output "$output/member-$seed" --version "$version-member-$seed"
    members+=("$output/member-$seed")
done

rm -rf "$output/model"
java -cp "target/classes:$(cat target/classpath.txt)" org.streamtranslate.model.EnsembleCommand \
    --member "${members[@]}" --output "$output/model" --version "$version"
