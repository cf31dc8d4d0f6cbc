/**
 * Terminal output for the CLI: a progress bar on stderr when a person is watching (a TTY and
 * no --json), silence otherwise, and number formatting that reads well.
 */
import cliProgress from 'cli-progress';
import type { ImportCounts } from '../../functions/import/import-runner.js';

export interface Output {
  json: boolean;
  interactive: boolean;
}

export interface Progress {
  update(bytes: number, counts: ImportCounts): void;
  stop(): void;
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** `1 customer`, `2,357 customers`: a count with its noun, in the singular when it is one. */
export const countOf = (n: number, noun: string, plural = `${noun}s`) =>
  `${fmt(n)} ${n === 1 ? noun : plural}`;

export function progressBar(out: Output, label: string, totalBytes: number): Progress {
  if (out.json || !out.interactive) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {rows} rows | {rejected} rejected | ETA {eta_formatted}`,
      barsize: 30,
      hideCursor: true,
      stream: process.stderr,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(totalBytes, 1), 0, { rows: '0', rejected: '0' });
  return {
    update: (bytes, counts) => bar.update(bytes, { rows: fmt(counts.rows), rejected: fmt(counts.rejected) }),
    stop: () => {
      bar.update(Math.max(totalBytes, 1));
      bar.stop();
    },
  };
}

export interface CountProgress {
  /** Shows the bar once the total is known. */
  start(total: number): void;
  advance(by: number): void;
  stop(): void;
}

/** A bar over a count of items (customers scored, …) whose total is known only after a first step. */
export function countBar(out: Output, label: string, unit: string): CountProgress {
  if (out.json || !out.interactive)
    return { start: () => undefined, advance: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted}`,
      barsize: 30,
      hideCursor: true,
      stream: process.stderr,
      etaBuffer: 50,
      formatValue: (v: number, _options: unknown, type: string) =>
        type === 'value' || type === 'total' ? fmt(v) : String(v),
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    start: (total) => {
      bar.start(Math.max(total, 1), 0);
      started = true;
    },
    advance: (by) => {
      if (started) bar.increment(by);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** `a 3, b 1`: counts by name, largest first (`none` when empty). */
export const counts = (record: Record<string, number>): string =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k} ${fmt(n)}`)
    .join(', ') || 'none';
