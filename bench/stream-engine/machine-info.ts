import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** What the figures were measured on, for the report. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  java: string;
  kafka: string;
}

export function machineInfo(): MachineInfo {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const stackEnv = readFileSync(join(__dirname, '..', '..', 'ops', 'stack.env'), 'utf8');
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    java: (java.stderr || java.stdout || 'unknown').split('\n')[0]?.trim() ?? 'unknown',
    kafka: /^KAFKA_VERSION=(.+)$/m.exec(stackEnv)?.[1] ?? 'unknown',
  };
}
