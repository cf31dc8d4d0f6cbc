/** A report as CSV rows (section, figure, value): what "Export CSV" downloads. */
import type { Report } from '../api/models.js';

type Row = [string, string, string | number | boolean | null | undefined];

function flatten(section: string, value: unknown, prefix = ''): Row[] {
  if (value === null || typeof value !== 'object') return [[section, prefix, value as Row[2]]];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
    flatten(section, v, prefix ? `${prefix}.${key}` : key),
  );
}

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula. */
function cell(value: Row[2]): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportCsv(report: Report): string {
  const sections: [string, unknown][] = [
    ['journeys', report.journeys],
    ['steps', report.steps],
    ['reactivation', report.reactivation],
    ['revenue', report.revenue],
    ['cost', report.cost],
    ['kpis', report.kpis],
    ['roi', report.roi],
    ['responses', report.responses],
    ['stopped', report.stopped],
    ['surveys', report.surveys],
    ['leavingReasons', report.leavingReasons],
    ['offers', report.offers],
    ['variants', report.variants],
  ];
  const rows: Row[] = [
    ['campaign', 'campaignId', report.campaignId],
    ['campaign', 'status', report.status],
    ['campaign', 'generatedAt', report.generatedAt],
    ...sections.flatMap(([name, value]) => flatten(name, value ?? null)),
  ];
  return `section,figure,value\r\n${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
