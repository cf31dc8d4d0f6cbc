/** Reads the shared public order files into histories, as the CLI does. */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DayRecency, Recency } from '../../functions/domain/scoring/fit-data.js';
import { meanRepeatValue, recencyOf } from '../../functions/domain/scoring/scoring-model.js';
import { epochDay } from '../../functions/domain/timestamps.js';
import { readLines } from '../../functions/import/line-reader.js';
import { type OrderHistories, readOrderHistories } from '../../functions/import/order-histories.js';
import { readCdnowRecords, readCsvRecords } from '../../functions/import/record-readers.js';
import { ingestSettings } from '../../functions/use-cases/ingest-settings.js';

export const DATA = fileURLToPath(new URL('../../data/', import.meta.url));
export const CDNOW_SAMPLE = `${DATA}cdnow/CDNOW_sample.txt`;
export const CDNOW_MASTER = `${DATA}cdnow/CDNOW_master.txt`;
export const ONLINE_RETAIL = `${DATA}online-retail/online_retail_invoices.csv`;
export const CALIBRATION_END = epochDay('1997-09-30');
export const HOLDOUT_END = epochDay('1998-06-30');

const settings = ingestSettings({ timeZone: 'UTC', currency: 'USD', exchangeRates: { GBP: 1 } });

export function readCdnow(file = CDNOW_SAMPLE): Promise<OrderHistories> {
  return readOrderHistories(readCdnowRecords(readLines(createReadStream(file))), settings);
}

/** The Online Retail invoices mapped onto the order columns. */
export async function readOnlineRetail(): Promise<OrderHistories> {
  async function* rows() {
    for await (const item of readCsvRecords(readLines(createReadStream(ONLINE_RETAIL)), ['invoiceno'])) {
      if ('error' in item) {
        yield item;
        continue;
      }
      const r = item.record as Record<string, string>;
      yield {
        line: item.line,
        record: {
          order_id: r.invoiceno,
          customer_id: r.customerid,
          ordered_at: r.invoicedate,
          amount: r.totalprice,
        },
      };
    }
  }
  return readOrderHistories(rows(), settings);
}

/** x, t_x, T (weeks) and the mean repeat value per customer at the CDNOW calibration end. */
export function calibrationSummary(
  histories: OrderHistories,
): (Recency & DayRecency & { meanValue: number; holdout: number })[] {
  const rows: (Recency & DayRecency & { meanValue: number; holdout: number })[] = [];
  for (const e of histories.at(CALIBRATION_END, HOLDOUT_END)) {
    const r = recencyOf(e.history, CALIBRATION_END, 7);
    const days = recencyOf(e.history, CALIBRATION_END, 1);
    if (r && days)
      rows.push({
        ...r,
        txDays: days.tx,
        TDays: days.T,
        meanValue: meanRepeatValue(e.history),
        holdout: e.laterDays.length,
      });
  }
  return rows;
}
