import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const PROJECT = join(__dirname, 'kafka-streams');
/** The Kafka Streams contender; its dependencies sit beside it in target/lib/ (manifest class path). */
export const KAFKA_STREAMS_JAR = join(PROJECT, 'target', 'kafka-streams-bench.jar');

/** Builds the Kafka Streams contender with Maven when its jar is missing or older than its sources. */
export function ensureKafkaStreamsJar(): void {
  if (existsSync(KAFKA_STREAMS_JAR) && statSync(KAFKA_STREAMS_JAR).mtimeMs >= newestSource()) return;
  process.stderr.write(`building ${KAFKA_STREAMS_JAR} (mvn -q -B package)\n`);
  const build = spawnSync('mvn', ['-q', '-B', 'package'], { cwd: PROJECT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`mvn package failed in ${PROJECT} (exit ${build.status})`);
}

function newestSource(): number {
  const files = [join(PROJECT, 'pom.xml'), ...listFiles(join(PROJECT, 'src'))];
  return Math.max(...files.map((file) => statSync(file).mtimeMs));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
