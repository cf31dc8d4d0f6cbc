/**
 * A customer's P(alive) over time if no purchase comes: from the last purchase to a year past the
 * model's day (or past the churn moment), weekly — the curve the churn moment is read from, for
 * the console's customer page.
 */

import { dayString } from '../timestamps.js';
import type { CustomerScores } from './customer-scores.js';
import type { FittedTransactionModel } from './models.js';
import { transactionModel } from './models.js';
import { cyclePAlive } from './purchase-cycle.js';

const DAY = 86_400_000;
const epochDayOf = (isoDay: string) => Date.parse(isoDay) / DAY;

export interface AlivePoint {
  on: string;
  pAlive: number;
}

export function aliveCurve(
  fitted: FittedTransactionModel,
  unitDays: number,
  scores: Pick<CustomerScores, 'inputs' | 'asOf' | 'churnMomentOn'>,
  stepDays = 7,
): AlivePoint[] {
  const model = transactionModel(fitted);
  const first = epochDayOf(scores.inputs.firstPurchaseOn);
  const last = epochDayOf(scores.inputs.lastPurchaseOn);
  const asOf = epochDayOf(scores.asOf);
  const churn = scores.churnMomentOn ? epochDayOf(scores.churnMomentOn) : asOf;
  const end = Math.max(asOf + 365, churn + 60);
  const x = scores.inputs.repeatPurchases;
  const tx = (last - first) / unitDays;
  // A regular buyer's churn moment comes from their own cycle: so does their curve.
  const cycle = scores.inputs.purchaseCycle;
  const points: AlivePoint[] = [];
  for (let day = last; day <= end; day += stepDays) {
    const p = cycle ? cyclePAlive(cycle, day - last) : model.pAlive(x, tx, (day - first) / unitDays);
    if (Number.isFinite(p)) points.push({ on: dayString(day), pAlive: p });
  }
  return points;
}
