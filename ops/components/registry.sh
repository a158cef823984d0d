# Apicurio Registry 3, the runnable "-all" distribution from Maven Central, with its
# Confluent-compatible API at /apis/ccompat/v7. Storage: H2 in a file under .stack/, so a
# restart keeps schema ids (records already in Kafka stay decodable).
# shellcheck shell=bash
REGISTRY_HOME="$STACK_DIR/registry"

registry_install() {
  [ -f "$REGISTRY_HOME/apicurio-registry-app-$APICURIO_VERSION-runner.jar" ] && return 0
  command -v mvn >/dev/null || apt_install maven
  command -v unzip >/dev/null || apt_install unzip
  say "fetching Apicurio Registry $APICURIO_VERSION with Maven"
  mkdir -p "$REGISTRY_HOME"
  mvn -q -B dependency:copy -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:zip:all" \
    -DoutputDirectory="$REGISTRY_HOME" >"$LOG_DIR/registry-install.log" 2>&1 \
    || fail registry-install "maven could not resolve io.apicurio:apicurio-registry-app:$APICURIO_VERSION:zip:all"
  unzip -q -o "$REGISTRY_HOME/apicurio-registry-app-$APICURIO_VERSION-all.zip" -d "$REGISTRY_HOME"
  rm -f "$REGISTRY_HOME/apicurio-registry-app-$APICURIO_VERSION-all.zip"
}

registry_health() { curl -fsS "http://127.0.0.1:$REGISTRY_PORT/health/ready" >/dev/null; }

registry_start() {
  mkdir -p "$REGISTRY_HOME/data"
  : >"$LOG_DIR/registry.log"
  spawn registry java -Xms128m "-Xmx$REGISTRY_HEAP" -Djava.awt.headless=true \
    -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$REGISTRY_PORT" \
    -Dapicurio.storage.kind=sql -Dapicurio.storage.sql.kind=h2 \
    "-Dapicurio.datasource.url=jdbc:h2:file:$REGISTRY_HOME/data/registry;DB_CLOSE_ON_EXIT=FALSE" \
    -Dapicurio.datasource.username=sa -Dapicurio.datasource.password=sa \
    -Dapicurio.rest.deletion.artifact.enabled=true -Dapicurio.rest.deletion.artifact-version.enabled=true \
    -jar "$REGISTRY_HOME/apicurio-registry-app-$APICURIO_VERSION-runner.jar"
  wait_until registry 120 registry_health
}

registry_stop() { stop_pid registry "$REGISTRY_PORT"; }
