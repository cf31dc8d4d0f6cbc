/** The formats of the files the CLI reads, told from `--format` or the file's extension. */
import { extname } from 'node:path';
import type { ImportKind } from '../../functions/import/import-runner.js';
import { UsageError } from './usage-error.js';

export const FORMATS = ['csv', 'jsonl', 'cdnow'] as const;
export type Format = (typeof FORMATS)[number];

export function formatOf(file: string, given: Format | undefined, kind: ImportKind): Format {
  const format =
    given ??
    ({ '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' } as Record<string, Format>)[
      extname(file).toLowerCase()
    ];
  if (!format) throw new UsageError(`cannot tell the format of ${file}: pass --format ${FORMATS.join('|')}`);
  if (format === 'cdnow' && kind === 'customers')
    throw new UsageError('CDNOW files hold orders only: use --orders');
  return format;
}
