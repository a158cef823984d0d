# Apache Kafka in KRaft mode: one combined broker and controller, jars from Maven Central.
# shellcheck shell=bash
KAFKA_HOME="$STACK_DIR/kafka"

kafka_install() {
  [ -f "$KAFKA_HOME/libs/kafka_2.13-$KAFKA_VERSION.jar" ] && return 0
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null || apt_install maven
  say "fetching Kafka $KAFKA_VERSION jars with Maven"
  rm -rf "$KAFKA_HOME/libs"
  mvn -q -B -f "$ROOT/ops/kafka/pom.xml" dependency:copy-dependencies -Dkafka.version="$KAFKA_VERSION" \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_HOME/libs" >"$LOG_DIR/kafka-install.log" 2>&1 \
    || fail kafka-install "maven could not resolve org.apache.kafka:kafka_2.13:$KAFKA_VERSION"
}

# Something already listening (this checkout's broker or another's) counts as running; a broker
# this script starts counts as ready once its log says so.
kafka_health() { port_open "$KAFKA_PORT"; }
kafka_ready() { port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$LOG_DIR/kafka.log" 2>/dev/null; }

kafka_start() {
  mkdir -p "$KAFKA_HOME/data"
  cat >"$KAFKA_HOME/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_HOME/data
num.partitions=3
offsets.topic.num.partitions=10
offsets.topic.replication.factor=1
transaction.state.log.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
# Deleted topics (the tests delete theirs) free their files within a second, not a minute.
file.delete.delay.ms=1000
PROPS
  local cp="$KAFKA_HOME/libs/*"
  if [ ! -f "$KAFKA_HOME/data/meta.properties" ]; then
    java -cp "$cp" kafka.tools.StorageTool format -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)" \
      -c "$KAFKA_HOME/server.properties" >>"$LOG_DIR/kafka.log" 2>&1 || fail kafka "storage format failed"
  fi
  : >"$LOG_DIR/kafka.log"
  kafka_raise_limits
  spawn kafka java -Xms256m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$ROOT/ops/kafka/log4j2.yaml" -cp "$cp" kafka.Kafka "$KAFKA_HOME/server.properties"
  wait_until kafka 120 kafka_ready
}

kafka_stop() { stop_pid kafka "$KAFKA_PORT"; }

# Every partition keeps its segment open and its two indexes mapped, and a test run creates
# thousands (each test its own topics, each stream app its changelogs and repartition topics): past
# the usual 20,000 open files or 65,530 memory maps the broker fails its log directory and stops.
# Raised where this shell may (root, or a higher hard limit); otherwise left as they are.
kafka_raise_limits() {
  ulimit -Hn 1048576 2>/dev/null || true
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  if [ "$(cat /proc/sys/vm/max_map_count 2>/dev/null || echo 0)" -lt 262144 ] && [ "$(id -u)" = 0 ]; then
    sysctl -q -w vm.max_map_count=262144 2>/dev/null || true
  fi
}
