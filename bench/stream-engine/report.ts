import type { ContenderName, Mode } from './contenders';
import type { MachineInfo } from './machine-info';

/** One contender's figures; times in seconds since its process was spawned. */
export interface ContenderResult {
  name: ContenderName;
  mode: Mode | undefined;
  /** Stream threads it ran (the engine's as it reported them; Kafka Streams' num.stream.threads). */
  threads?: number | undefined;
  outcome: 'ok' | 'skipped' | 'failed';
  note?: string;
  firstProgressS?: number;
  doneS?: number;
  peakRssMb?: number;
  /** CPU time (all threads) from spawn to done: less sensitive than wall time to a busy machine. */
  cpuSeconds?: number;
  /** The machine's 1-minute load average when it was spawned: above the core count, expect noise. */
  loadAtStart?: number;
  outputRecords?: number;
  outputComplete?: boolean;
  /** `yes`, or `no (…)`: its last value per window against the input's true counts. */
  outputsEqual?: string;
}

export interface RunSummary {
  command: string;
  records: number;
  meanValueBytes: number;
  distinctWindows: number;
  machine: MachineInfo;
  results: ContenderResult[];
}

const HEADERS = [
  'contender',
  'threads',
  'records/s (from first commit)',
  'records/s (from spawn)',
  'seconds (spawn to done)',
  'start-up s (to first commit)',
  'peak RSS MB',
  'CPU s',
  'output records',
  'load at start',
];

export function rows(summary: RunSummary): string[][] {
  return summary.results.map((r) => {
    const threads = r.threads === undefined ? '?' : String(r.threads);
    if (r.outcome !== 'ok' || r.doneS === undefined || r.firstProgressS === undefined) {
      return [label(r), threads, r.outcome, ...HEADERS.slice(3).map(() => '')];
    }
    return [
      label(r),
      threads,
      rate(summary.records / (r.doneS - r.firstProgressS)),
      rate(summary.records / r.doneS),
      r.doneS.toFixed(1),
      r.firstProgressS.toFixed(1),
      r.peakRssMb === undefined ? '?' : r.peakRssMb.toFixed(0),
      r.cpuSeconds === undefined ? '?' : r.cpuSeconds.toFixed(1),
      outputCell(r, summary.distinctWindows),
      r.loadAtStart === undefined ? '?' : r.loadAtStart.toFixed(2),
    ];
  });
}

/**
 * Per mode, each engine run (on its stream threads, and `-1t` on one) against Kafka Streams (1 and
 * 2 threads), the ceiling, the engine on one thread and its `--baseline` run (`engine-*-base`),
 * in time and CPU; each name
 * carries its thread count, so a ratio between different counts reads as one.
 */
export function ratios(summary: RunSummary): string[] {
  const ok = new Map<string, ContenderResult>(
    summary.results.filter((r) => r.outcome === 'ok').map((r) => [r.name, r]),
  );
  const lines: string[] = [];
  for (const [short, mode] of [
    ['alos', 'at_least_once'],
    ['eos', 'exactly_once'],
  ] as const) {
    for (const mine of [ok.get(`engine-${short}`), ok.get(`engine-${short}-1t`)]) {
      if (!mine) continue;
      const base = ok.get(`engine-${short}-base`);
      const others: Array<{ other: ContenderResult | undefined; what: string; cpuName?: string }> = [
        ...[ok.get(`kafka-streams-${short}`), ok.get(`kafka-streams-${short}-2t`)].map((other) => ({
          other,
          what: `Kafka Streams (${mode}${threadsNote(other, ', ')})`,
          cpuName: 'Kafka Streams',
        })),
        { other: ok.get('ceiling'), what: 'ceiling' },
        // The same engine on one thread, same run: what the stream threads bring on this machine.
        ...(mine.name.endsWith('-1t') ? [] : [ok.get(`engine-${short}-1t`)]).map((other) => ({
          other,
          what: `engine inline (${mode}${threadsNote(other, ', ')})`,
          cpuName: 'engine inline',
        })),
        {
          other: base,
          what: `baseline engine (${mode}${threadsNote(base, ', ')})`,
          cpuName: 'baseline engine',
        },
      ];
      for (const { other, what } of others) {
        if (!other) continue;
        const fromCommit = speed(summary, mine, true) / speed(summary, other, true);
        const fromSpawn = speed(summary, mine, false) / speed(summary, other, false);
        lines.push(
          `${engineName(mine)} (${mode}${threadsNote(mine, ', ')}) / ${what}: ${fromCommit.toFixed(2)} from first commit, ${fromSpawn.toFixed(2)} from spawn`,
        );
      }
      for (const { other, cpuName } of others)
        if (other && cpuName) lines.push(cpuLine(summary.records, mode, mine, other, cpuName));
    }
  }
  return lines;
}

/** `engine inline` for `engine-*-1t` (a Topology object on the app's thread), else `engine`. */
function engineName(r: ContenderResult): string {
  return r.name.endsWith('-1t') ? 'engine inline' : 'engine';
}

/** `, 2 threads` (with `lead` before it), or nothing when the count is not known. */
function threadsNote(r: ContenderResult | undefined, lead: string): string {
  if (r?.threads === undefined) return '';
  return `${lead}${r.threads} thread${r.threads === 1 ? '' : 's'}`;
}

/** CPU seconds per million input records, the engine's next to another's: less noisy than time. */
function cpuLine(
  records: number,
  mode: string,
  engine: ContenderResult,
  other: ContenderResult,
  otherName: string,
): string {
  const perMillion = (r: ContenderResult) =>
    r.cpuSeconds === undefined ? '?' : ((r.cpuSeconds * 1_000_000) / records).toFixed(1);
  const who = (name: string, r: ContenderResult) =>
    r.threads === undefined ? name : `${name} (${threadsNote(r, '')})`;
  return `CPU s per million records (${mode}): ${who(engineName(engine), engine)} ${perMillion(engine)}, ${who(otherName, other)} ${perMillion(other)}`;
}

export function textReport(summary: RunSummary): string {
  const table = [HEADERS, ...rows(summary)];
  const widths = HEADERS.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  const lines = table.map((row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '),
  );
  return [
    ...lines,
    '',
    ...notes(summary),
    distinctLine(summary),
    ...equalLines(summary),
    ...ratios(summary),
  ].join('\n');
}

/** The same figures as a markdown block to paste into docs/benchmarks.md. */
export function markdownReport(summary: RunSummary): string {
  const m = summary.machine;
  const table = [HEADERS, HEADERS.map((_, i) => (i === 0 ? '---' : '---:')), ...rows(summary)];

  return [
    `### Stream engine: 1-minute tumbling windowed count, ${summary.records.toLocaleString('en-US')} records`,
    '',
    `Input: ${summary.records.toLocaleString('en-US')} Avro records (Confluent wire format, mean value ${summary.meanValueBytes.toFixed(0)} bytes), ` +
      '10,000 keys, event times over one hour, 4 partitions. Each contender is its own process, timed by its ' +
      'committed offsets reaching the end of the input.',
    '',
    `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.java}, Kafka ${m.kafka} broker on the same machine.`,
    '',
    ...table.map((row) => `| ${row.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`),
    '',
    ...bullets(notes(summary)),
    distinctLine(summary),
    '',
    ...bullets(equalLines(summary)),
    ...bullets(ratios(summary)),
    'Reproduce: `' + summary.command + '`',
  ].join('\n');
}

/** A markdown list and the blank line that ends it, or nothing. */
function bullets(lines: string[]): string[] {
  return lines.length > 0 ? [...lines.map((line) => `- ${line}`), ''] : [];
}

/** Why a contender was skipped or failed, one line each. */
function notes(summary: RunSummary): string[] {
  return summary.results
    .filter((r) => r.outcome !== 'ok')
    .map((r) => `${label(r)} ${r.outcome}: ${r.note ?? 'no reason given'}`);
}

/** Per contender with an output: does its last value per window equal the input's true count? */
export function equalLines(summary: RunSummary): string[] {
  return summary.results
    .filter((r) => r.outputsEqual !== undefined)
    .map((r) => `${label(r)}: outputs equal: ${r.outputsEqual}`);
}

function distinctLine(summary: RunSummary): string {
  return (
    `Distinct (key, window) pairs in the input: ${summary.distinctWindows}; emitting on update, ` +
    'every contender must output at least that many records.'
  );
}

function speed(summary: RunSummary, r: ContenderResult, fromCommit: boolean): number {
  const start = fromCommit ? (r.firstProgressS ?? 0) : 0;
  return summary.records / ((r.doneS ?? Number.NaN) - start);
}

/** Fewer records than distinct (key, window) pairs means lost updates, or a count cut short. */
function outputCell(r: ContenderResult, distinctWindows: number): string {
  if (r.outputRecords === undefined) return '-';
  const notes = [
    ...(r.outputComplete === false ? ['incomplete'] : []),
    ...(r.outputRecords < distinctWindows ? ['below distinct windows'] : []),
  ];
  return notes.length > 0 ? `${r.outputRecords} (${notes.join(', ')})` : String(r.outputRecords);
}

function label(r: ContenderResult): string {
  return r.mode ? `${r.name} (${r.mode})` : r.name;
}

function rate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
