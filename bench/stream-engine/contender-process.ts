import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';

const STOP_GRACE_MS = 30_000;

/** A contender's child process, its output in a log file. */
export interface ContenderProcess {
  pid: number;
  logFile: string;
  /** The exit code once it has exited (null when killed by a signal), undefined while running. */
  exitCode(): number | null | undefined;
  /** SIGTERM (a graceful close: commit, end transactions), then SIGKILL after 30 s. */
  stop(): Promise<void>;
  /** The last lines of its log, for failure reports. */
  logTail(lines?: number): string;
}

export function spawnContender(command: string, args: string[], logFile: string): ContenderProcess {
  const log = openSync(logFile, 'w');
  const child = spawn(command, args, { stdio: ['ignore', log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  let code: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (exitCode) => {
      code = exitCode;
      resolve();
    });
    child.once('error', () => {
      code = null;
      resolve();
    });
  });
  return {
    pid: child.pid,
    logFile,
    exitCode: () => code,
    async stop() {
      if (code !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
    logTail(lines = 20) {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    },
  };
}

/** What /proc says about a live process: its peak RSS and the CPU time all its threads used. */
export interface ProcessStats {
  /** VmHWM, in MiB. */
  peakRssMb: number;
  /** User plus system CPU time since it started, in seconds. */
  cpuSeconds: number;
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** The process's stats, or undefined once it is gone (read them while it lives). */
export function processStats(pid: number): ProcessStats | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of stat.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (hwm === undefined || fields.length < 13) return undefined;
    return {
      peakRssMb: Number(hwm) / 1024,
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
    };
  } catch {
    return undefined;
  }
}
