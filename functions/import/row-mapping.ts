/**
 * Maps import rows (snake_case columns, CSV strings or JSON values) to the API's records, and
 * maps the API's field names in error messages back to the columns the user wrote.
 */
/** A row read into an API record, with the problems met on the way (the record is still checked). */
export interface MappedRow {
  record: Record<string, unknown>;
  reasons: string[];
  /** API fields whose own checks the mapping reasons replace (no second message for one problem). */
  fields: string[];
}

export const CUSTOMER_COLUMNS = {
  customer_id: 'customerId',
  email: 'email',
  phone: 'phone',
  first_name: 'firstName',
  time_zone: 'timeZone',
  locale: 'locale',
} as const;
const CONSENT_COLUMNS = { email_opt_in: 'email', sms_opt_in: 'sms' } as const;

export const ORDER_COLUMNS = [
  'order_id',
  'customer_id',
  'ordered_at',
  'amount',
  'currency',
  'categories',
  'status',
  'promo_codes',
  'discount',
] as const;
export const REQUIRED_CUSTOMER_COLUMNS = ['customer_id'] as const;
export const REQUIRED_ORDER_COLUMNS = ['order_id', 'customer_id', 'ordered_at', 'amount'] as const;

const TRUE = new Set(['true', '1', 'yes', 'y', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'off', '']);
const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)$/;

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function toBoolean(column: string, value: unknown, reasons: string[]): boolean {
  if (typeof value === 'boolean') return value;
  if (value === undefined || value === null) return false;
  const text = String(value).trim().toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  reasons.push(`${column}: '${String(value)}' is not true or false`);
  return false;
}

const done = (record: Record<string, unknown>, reasons: string[], fields: string[] = []): MappedRow => ({
  record,
  reasons,
  fields,
});

function toAmount(value: unknown, reasons: string[], column = 'amount'): number | undefined {
  if (typeof value === 'number') return value;
  const text = String(value ?? '').trim();
  if (!DECIMAL.test(text)) {
    reasons.push(`${column}: '${text}' is not a number`);
    return undefined;
  }
  return Number(text);
}

export function customerFromRow(row: Record<string, unknown>): MappedRow {
  const reasons: string[] = [];
  const record: Record<string, unknown> = {};
  const consent: Record<string, boolean> = {};
  const attributes: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column in CUSTOMER_COLUMNS) {
      if (!isBlank(value))
        record[CUSTOMER_COLUMNS[column as keyof typeof CUSTOMER_COLUMNS]] =
          typeof value === 'string' ? value.trim() : value;
    } else if (column in CONSENT_COLUMNS) {
      consent[CONSENT_COLUMNS[column as keyof typeof CONSENT_COLUMNS]] = toBoolean(column, value, reasons);
    } else if (!isBlank(value)) {
      attributes[column] = value;
    }
  }
  record.consent = { email: consent.email ?? false, sms: consent.sms ?? false };
  record.attributes = attributes;
  return done(record, reasons);
}

export function orderFromRow(row: Record<string, unknown>): MappedRow {
  const reasons: string[] = [];
  const unknown = Object.keys(row).filter((c) => !(ORDER_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) reasons.push(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  const amount = toAmount(row.amount, reasons);
  // The amount's own problem is reported above; a placeholder lets the other fields be checked.
  const list = (value: unknown) =>
    Array.isArray(value)
      ? value
      : isBlank(value)
        ? []
        : String(value)
            .split(';')
            .map((c) => c.trim())
            .filter((c) => c !== '');
  const record: Record<string, unknown> = {
    orderId: typeof row.order_id === 'string' ? row.order_id.trim() : row.order_id,
    customerId: typeof row.customer_id === 'string' ? row.customer_id.trim() : row.customer_id,
    orderedAt: row.ordered_at,
    amount: amount ?? 0,
    categories: list(row.categories),
    promoCodes: list(row.promo_codes),
  };
  if (!isBlank(row.discount)) {
    const discount = toAmount(row.discount, reasons, 'discount');
    if (discount !== undefined) record.discount = discount;
  }
  if (!isBlank(row.currency)) record.currency = String(row.currency).trim().toUpperCase();
  if (!isBlank(row.status)) record.status = String(row.status).trim().toLowerCase();
  return done(record, reasons, amount === undefined ? ['amount'] : []);
}

const FIELD_TO_COLUMN: Record<string, string> = {
  customerId: 'customer_id',
  firstName: 'first_name',
  timeZone: 'time_zone',
  'consent.email': 'email_opt_in',
  'consent.sms': 'sms_opt_in',
  orderId: 'order_id',
  orderedAt: 'ordered_at',
  promoCodes: 'promo_codes',
};

/** `timeZone: 'Mars/Base' is not…` → `time_zone: 'Mars/Base' is not…`. */
export function inColumnTerms(reason: string): string {
  const match = /^([A-Za-z.]+)(: .*)$/s.exec(reason);
  if (!match) return reason;
  const [, field = '', rest = ''] = match;
  if (FIELD_TO_COLUMN[field]) return `${FIELD_TO_COLUMN[field]}${rest}`;
  if (field.startsWith('attributes.')) return `${field.slice('attributes.'.length)}${rest}`;
  return reason;
}
