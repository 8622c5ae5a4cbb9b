#!/usr/bin/env bash
# Starts the translation service with its own Kafka broker and schema registry on 127.0.0.1, then runs the
# console client on standard input or --file. Needs only JDK 17 and Maven. Ctrl-C or the end of the input stops
# everything this script started. Run with --help for the options.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="$ROOT/.local-stack"
LOG_DIR="$STATE_DIR/logs"
KAFKA_DATA_DIR="$STATE_DIR/kafka"
STREAMS_STATE_DIR="$STATE_DIR/streams-state"
RUNTIME_CLASSPATH_FILE="$ROOT/target/classpath-runtime.txt"
TEST_CLASSPATH_FILE="$ROOT/target/classpath-test.txt"
# Logging of the console and topic tool: warnings only, on standard error, so standard output has only translations.
TOOLS_LOGBACK="$ROOT/ops/logback-tools.xml"

KAFKA_PORT="${LOCAL_STACK_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${LOCAL_STACK_CONTROLLER_PORT:-9093}"
REGISTRY_PORT="${LOCAL_STACK_REGISTRY_PORT:-8081}"
APP_PORT="${LOCAL_STACK_APP_PORT:-8080}"
START_TIMEOUT_SECONDS="${LOCAL_STACK_START_TIMEOUT:-180}"
STOP_TIMEOUT_SECONDS=30

usage() {
    cat <<USAGE
Usage: ops/local-stack.sh [--file FILE] [--timeout SECONDS] [--no-build]
       ops/local-stack.sh --external --bootstrap-servers HOST:PORT --registry-url URL [--create-topics] [...]

Starts a Kafka broker (port $KAFKA_PORT), the dev schema registry (port $REGISTRY_PORT) and the translation
service (port $APP_PORT, health at /health), then runs the console client: it translates each line of standard
input, or of FILE (first column of a .tsv file), and exits when all are answered.

  --file FILE              read sentences from FILE instead of standard input
  --timeout SECONDS        console wait for translations after the last sentence (default 60)
  --no-build               skip the Maven build and use what is in target/
  --external               start only the service and the console, against an existing Kafka and registry
  --bootstrap-servers H:P  Kafka bootstrap servers for --external
  --registry-url URL       schema registry URL for --external
  --create-topics          with --external, create missing topics (replication factor 1)

Data stays in .local-stack/kafka between runs; logs go to .local-stack/logs/.
Ports can be changed with LOCAL_STACK_KAFKA_PORT, LOCAL_STACK_CONTROLLER_PORT, LOCAL_STACK_REGISTRY_PORT and
LOCAL_STACK_APP_PORT; extra Maven arguments (for example -o) with LOCAL_STACK_MAVEN_ARGS.
USAGE
}

log() {
    printf '[local-stack] %s\n' "$*" >&2
}

fail() {
    log "ERROR: $*"
    exit 1
}

elapsed_seconds() {
    local start_nanos="$1"
    local now_nanos
    now_nanos="$(date +%s%N)"
    awk -v nanos="$((now_nanos - start_nanos))" 'BEGIN { printf "%.1f", nanos / 1e9 }'
}

# --- Options -----------------------------------------------------------------------------------------------
INPUT_FILE=""
CONSOLE_TIMEOUT=60
BUILD=true
EXTERNAL=false
EXTERNAL_CREATE_TOPICS=false
BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"
REGISTRY_URL="http://127.0.0.1:$REGISTRY_PORT"
EXTERNAL_BOOTSTRAP_SERVERS=""
EXTERNAL_REGISTRY_URL=""

while [[ $# -gt 0 ]]; do
    case "$1" in
        --file) [[ $# -ge 2 ]] || fail "--file needs a path"; INPUT_FILE="$2"; shift 2 ;;
        --timeout) [[ $# -ge 2 ]] || fail "--timeout needs a number of seconds"; CONSOLE_TIMEOUT="$2"; shift 2 ;;
        --no-build) BUILD=false; shift ;;
        --external) EXTERNAL=true; shift ;;
        --bootstrap-servers) [[ $# -ge 2 ]] || fail "--bootstrap-servers needs HOST:PORT"; EXTERNAL_BOOTSTRAP_SERVERS="$2"; shift 2 ;;
        --registry-url) [[ $# -ge 2 ]] || fail "--registry-url needs a URL"; EXTERNAL_REGISTRY_URL="$2"; shift 2 ;;
        --create-topics) EXTERNAL_CREATE_TOPICS=true; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; fail "unknown option: $1" ;;
    esac
done

if [[ "$EXTERNAL" == true ]]; then
    [[ -n "$EXTERNAL_BOOTSTRAP_SERVERS" ]] || fail "--external needs --bootstrap-servers HOST:PORT"
    [[ -n "$EXTERNAL_REGISTRY_URL" ]] || fail "--external needs --registry-url URL"
    BOOTSTRAP_SERVERS="$EXTERNAL_BOOTSTRAP_SERVERS"
    REGISTRY_URL="$EXTERNAL_REGISTRY_URL"
elif [[ -n "$EXTERNAL_BOOTSTRAP_SERVERS$EXTERNAL_REGISTRY_URL" ]]; then
    fail "--bootstrap-servers and --registry-url are only used with --external"
fi
if [[ -n "$INPUT_FILE" && ! -r "$INPUT_FILE" ]]; then
    fail "input file not found or not readable: $INPUT_FILE"
fi
# The console runs from $ROOT, so a relative input path must be resolved first.
if [[ -n "$INPUT_FILE" ]]; then
    INPUT_FILE="$(cd "$(dirname "$INPUT_FILE")" && pwd)/$(basename "$INPUT_FILE")"
fi
# The service runs from $ROOT too, so a relative TRANSLATOR_MODEL_PATH is resolved against the caller's folder.
if [[ -n "${TRANSLATOR_MODEL_PATH:-}" && "$TRANSLATOR_MODEL_PATH" != /* && -d "$TRANSLATOR_MODEL_PATH" ]]; then
    TRANSLATOR_MODEL_PATH="$(cd "$TRANSLATOR_MODEL_PATH" && pwd)"
fi

# --- Process bookkeeping: every JVM started here is stopped on exit, newest first -----------------------------
STARTED_PIDS=()
STARTED_NAMES=()

stop_started() {
    local index pid name waited
    for ((index = ${#STARTED_PIDS[@]} - 1; index >= 0; index--)); do
        pid="${STARTED_PIDS[$index]}"
        name="${STARTED_NAMES[$index]}"
        if ! kill -0 "$pid" 2>/dev/null; then
            continue
        fi
        log "Stopping $name (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        waited=0
        while kill -0 "$pid" 2>/dev/null && ((waited < STOP_TIMEOUT_SECONDS * 10)); do
            sleep 0.1
            waited=$((waited + 1))
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "$name (pid $pid) did not stop within ${STOP_TIMEOUT_SECONDS} s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
}

trap stop_started EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts "$@" in the background with its output in $LOG_DIR/NAME.log and records its pid.
start_jvm() {
    local name="$1"
    shift
    "$@" >"$LOG_DIR/$name.log" 2>&1 &
    STARTED_PIDS+=("$!")
    STARTED_NAMES+=("$name")
}

last_pid() {
    echo "${STARTED_PIDS[${#STARTED_PIDS[@]} - 1]}"
}

# Fails with the log file named if the process exited or did not become ready within START_TIMEOUT_SECONDS.
# Arguments: what is awaited, the log name, the pid, the start time in nanoseconds, then the readiness check.
wait_until_ready() {
    local name="$1" log_name="$2" pid="$3" start_nanos="$4"
    shift 4
    local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
    until "$@"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            fail "$name exited during start-up; see $LOG_DIR/$log_name.log"
        fi
        if ((SECONDS >= deadline)); then
            fail "$name was not ready within ${START_TIMEOUT_SECONDS} s; see $LOG_DIR/$log_name.log"
        fi
        sleep 0.5
    done
    log "$name ready in $(elapsed_seconds "$start_nanos") s"
}

# Returns success if something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Returns success if GET http://127.0.0.1:PORT/PATH returns status 200. Uses bash's /dev/tcp, so curl is
# not needed.
http_ok() {
    local port="$1" path="$2"
    local status_line
    status_line="$(timeout 5 bash -c "
        exec 3<>/dev/tcp/127.0.0.1/$port || exit 1
        printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' '$path' >&3
        head -n 1 <&3" 2>/dev/null)" || return 1
    [[ "$status_line" == *" 200"* ]]
}

# Returns success if the service's /health on PORT reports a Kafka Streams thread in state RUNNING, that is with
# its partitions assigned. /health is UP before that, while the thread still waits for the consumer group.
streams_running() {
    local port="$1"
    local response
    response="$(timeout 5 bash -c "
        exec 3<>/dev/tcp/127.0.0.1/$port || exit 1
        printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
        cat <&3" 2>/dev/null)" || return 1
    [[ "$response" == *'"threadState":"RUNNING"'* ]]
}

require_free_port() {
    local port="$1" what="$2" variable="$3"
    if port_in_use "$port"; then
        fail "port $port for the $what is already in use; stop what runs there (an earlier local stack?) or set $variable"
    fi
}

# A background command's standard input is /dev/null in a script, so the console gets the script's input via fd 3.
exec 3<&0

# --- Build ---------------------------------------------------------------------------------------------------
STACK_START_NANOS="$(date +%s%N)"
mkdir -p "$LOG_DIR"
cd "$ROOT"
command -v java >/dev/null || fail "java not found; install JDK 17"

read -r -a MAVEN_EXTRA_ARGS <<<"${LOCAL_STACK_MAVEN_ARGS:-}"
if [[ "$BUILD" == true ]]; then
    command -v mvn >/dev/null || fail "mvn not found; install Maven"
    step_nanos="$(date +%s%N)"
    log "Building (Maven output in $LOG_DIR/build.log)"
    if ! mvn -B -q "${MAVEN_EXTRA_ARGS[@]}" -DskipTests test-compile \
            dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$RUNTIME_CLASSPATH_FILE" \
            >"$LOG_DIR/build.log" 2>&1; then
        fail "build failed; see $LOG_DIR/build.log"
    fi
    if ! mvn -B -q "${MAVEN_EXTRA_ARGS[@]}" dependency:build-classpath -DincludeScope=test \
            -Dmdep.outputFile="$TEST_CLASSPATH_FILE" >>"$LOG_DIR/build.log" 2>&1; then
        fail "resolving the test classpath failed; see $LOG_DIR/build.log"
    fi
    log "Build done in $(elapsed_seconds "$step_nanos") s"
fi
[[ -r "$RUNTIME_CLASSPATH_FILE" && -r "$TEST_CLASSPATH_FILE" ]] || fail "no classpath files in target/; run without --no-build"

RUNTIME_CLASSPATH="$ROOT/target/classes:$(cat "$RUNTIME_CLASSPATH_FILE")"
# The broker jars are test-scoped so they never reach the service's runtime classpath; only the broker JVM uses them.
TEST_CLASSPATH="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$TEST_CLASSPATH_FILE")"

# --- Kafka broker and schema registry ------------------------------------------------------------------------
if [[ "$EXTERNAL" == false ]]; then
    require_free_port "$KAFKA_PORT" "Kafka broker" LOCAL_STACK_KAFKA_PORT
    require_free_port "$CONTROLLER_PORT" "Kafka controller" LOCAL_STACK_CONTROLLER_PORT
    require_free_port "$REGISTRY_PORT" "schema registry" LOCAL_STACK_REGISTRY_PORT

    step_nanos="$(date +%s%N)"
    log "Starting Kafka broker on 127.0.0.1:$KAFKA_PORT, data in $KAFKA_DATA_DIR"
    start_jvm kafka java -Xmx512m -cp "$TEST_CLASSPATH" org.streamtranslate.localstack.LocalKafkaBroker \
        --data-dir "$KAFKA_DATA_DIR" --port "$KAFKA_PORT" --controller-port "$CONTROLLER_PORT"
    wait_until_ready kafka kafka "$(last_pid)" "$step_nanos" grep -q "^Kafka broker ready" "$LOG_DIR/kafka.log"

    step_nanos="$(date +%s%N)"
    log "Starting schema registry on 127.0.0.1:$REGISTRY_PORT"
    start_jvm registry java -Xmx256m -cp "$RUNTIME_CLASSPATH" org.streamtranslate.registry.dev.DevSchemaRegistry \
        --port "$REGISTRY_PORT" --bootstrap-servers "$BOOTSTRAP_SERVERS"
    wait_until_ready registry registry "$(last_pid)" "$step_nanos" http_ok "$REGISTRY_PORT" /subjects
fi

if [[ "$EXTERNAL" == false || "$EXTERNAL_CREATE_TOPICS" == true ]]; then
    log "Creating missing topics on $BOOTSTRAP_SERVERS"
    topics_output="$(java -Xmx128m -Dlogback.configurationFile="$TOOLS_LOGBACK" -cp "$RUNTIME_CLASSPATH" \
        org.streamtranslate.console.TranslationTopics --bootstrap-servers "$BOOTSTRAP_SERVERS" \
        2>>"$LOG_DIR/topics.log")" || fail "creating topics failed; see $LOG_DIR/topics.log"
    log "$topics_output"
fi

# --- Translation service -------------------------------------------------------------------------------------
require_free_port "$APP_PORT" "translation service" LOCAL_STACK_APP_PORT
MODEL_PATH="${TRANSLATOR_MODEL_PATH:-models/default}"
if [[ ! -e "$MODEL_PATH" ]]; then
    log "WARNING: no model at $MODEL_PATH; the service will probably fail to start. Set TRANSLATOR_MODEL_PATH."
fi

# With --external, a local stack of this clone may be running too, so the service gets its own log and state
# folder named by its port. Kafka Streams locks its state folder and fails to start in one that is in use.
APP_NAME=app
if [[ "$EXTERNAL" == true ]]; then
    APP_NAME="app-$APP_PORT"
    STREAMS_STATE_DIR="$STATE_DIR/streams-state-$APP_PORT"
fi

step_nanos="$(date +%s%N)"
log "Starting translation service on 127.0.0.1:$APP_PORT (model $MODEL_PATH, log $LOG_DIR/$APP_NAME.log)"
start_jvm "$APP_NAME" env \
    KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP_SERVERS" \
    SCHEMA_REGISTRY_URL="$REGISTRY_URL" \
    TRANSLATOR_MODEL_PATH="$MODEL_PATH" \
    STREAMS_STATE_DIR="$STREAMS_STATE_DIR" \
    MICRONAUT_SERVER_HOST=127.0.0.1 \
    MICRONAUT_SERVER_PORT="$APP_PORT" \
    java ${LOCAL_STACK_APP_JAVA_OPTS:-} -cp "$RUNTIME_CLASSPATH" org.streamtranslate.Application
APP_PID="$(last_pid)"
wait_until_ready "$APP_NAME" "$APP_NAME" "$APP_PID" "$step_nanos" http_ok "$APP_PORT" /health

# Sentences sent before the stream thread has its partitions wait for it. After a restart of the stack this takes
# up to about a minute, because the broker keeps the previous service instance in the consumer group until its
# session times out.
step_nanos="$(date +%s%N)"
log "Waiting for Kafka Streams to get its input partitions"
wait_until_ready "Kafka Streams" "$APP_NAME" "$APP_PID" "$step_nanos" streams_running "$APP_PORT"

log "Stack ready in $(elapsed_seconds "$STACK_START_NANOS") s: Kafka $BOOTSTRAP_SERVERS, registry $REGISTRY_URL," \
    "service http://127.0.0.1:$APP_PORT/health"

# --- Console -------------------------------------------------------------------------------------------------
CONSOLE_ARGS=(--bootstrap-servers "$BOOTSTRAP_SERVERS" --registry-url "$REGISTRY_URL" --timeout "$CONSOLE_TIMEOUT")
if [[ -n "$INPUT_FILE" ]]; then
    CONSOLE_ARGS+=(--file "$INPUT_FILE")
elif [[ -t 0 ]]; then
    log "Type English sentences, one per line; Ctrl-D to finish, Ctrl-C to stop the stack."
fi
# The console runs in the background with the script's standard input, so that the script's wait (unlike a
# foreground command) is interrupted at once by Ctrl-C or SIGTERM and the traps stop every JVM.
java -Xmx256m -Dlogback.configurationFile="$TOOLS_LOGBACK" -cp "$RUNTIME_CLASSPATH" \
    org.streamtranslate.console.TranslateConsole "${CONSOLE_ARGS[@]}" <&3 &
CONSOLE_PID=$!
STARTED_PIDS+=("$CONSOLE_PID")
STARTED_NAMES+=(console)

# Stops the console with an error when a JVM of the stack dies, instead of letting it wait for answers that
# cannot come.
watch_stack() {
    local index
    while kill -0 "$CONSOLE_PID" 2>/dev/null; do
        for index in "${!STARTED_PIDS[@]}"; do
            if [[ "${STARTED_NAMES[$index]}" != console ]] && ! kill -0 "${STARTED_PIDS[$index]}" 2>/dev/null; then
                log "ERROR: ${STARTED_NAMES[$index]} (pid ${STARTED_PIDS[$index]}) stopped unexpectedly; see its log in $LOG_DIR"
                kill -TERM "$CONSOLE_PID" 2>/dev/null || true
                return
            fi
        done
        sleep 1
    done
}
watch_stack &

console_status=0
wait "$CONSOLE_PID" || console_status=$?
exit "$console_status"
