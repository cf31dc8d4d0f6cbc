/** How numbers, rates, money and instants read in the console (the browser's locale). */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export const count = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : integer.format(n);
export const number = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : decimal.format(n);

/** A rate (0–1) as a percentage. */
export const percent = (r: number | null | undefined, digits = 1) =>
  r === null || r === undefined ? '—' : `${(r * 100).toFixed(digits)} %`;

/** A difference of rates in percentage points, signed. */
export const points = (d: number | null | undefined, digits = 1) =>
  d === null || d === undefined ? '—' : `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(digits)} pts`;

export const interval = (ci: { low: number; high: number } | null | undefined, f: (n: number) => string) =>
  ci ? `${f(ci.low)} to ${f(ci.high)}` : 'no interval yet';

export function money(amount: number | null | undefined, currency = 'USD'): string {
  if (amount === null || amount === undefined) return '—';
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
}

/** An instant in the viewer's zone. */
export function instant(iso: string | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** An instant in a named zone, with the zone's abbreviation. */
export function instantIn(iso: string, timeZone: string): string {
  // dateStyle and timeStyle cannot be combined with timeZoneName: the fields one by one.
  return new Date(iso).toLocaleString(undefined, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

/** `{a: 3, b: 1}` as "a 3 · b 1", largest first. */
export function breakdown(counts: Record<string, number> | undefined): string {
  const entries = Object.entries(counts ?? {}).sort(([, a], [, b]) => b - a);
  return entries.length ? entries.map(([k, v]) => `${k} ${count(v)}`).join(' · ') : 'none';
}
