/**
 * A worker thread of `reactivate score`. Asked for the population parts, it fits the spend model
 * and the RFM cut points from the observation columns it is given, while the main thread fits the
 * transaction model. Given a share — the histories' parts, the model and the row options — it
 * scores the customers numbered `from` to `to` and posts their lines back in blocks, then `null`,
 * while the main thread scores the other share (see `parallel-score.ts`).
 */
import { parentPort } from 'node:worker_threads';
import type { FitOptions } from '../../functions/domain/scoring/beta-geometric.js';
import {
  fitPopulationParts,
  type ObservationColumns,
  type ScoringModel,
} from '../../functions/domain/scoring/scoring-model.js';
import { type HistoryParts, historiesOver } from '../../functions/import/order-histories.js';
import { lineBlocks, type RowOptions, scoredRows } from './score-rows.js';

export interface ScoreShare {
  parts: HistoryParts;
  model: ScoringModel;
  options: RowOptions;
  from: number;
  to: number;
  json: boolean;
}

export interface PopulationRequest {
  columns: ObservationColumns;
  options: FitOptions;
}

export type WorkerRequest = { population: PopulationRequest } | { share: ScoreShare };

parentPort?.on('message', (request: WorkerRequest) => {
  if ('population' in request) {
    const { columns, options } = request.population;
    parentPort?.postMessage({ population: fitPopulationParts(columns, options) });
    return;
  }
  const { share } = request;
  const histories = historiesOver(share.parts);
  const rows = scoredRows(histories, share.model, share.options, share.from, share.to);
  // Each block has a buffer of its own: moved to the main thread, not copied.
  for (const block of lineBlocks(rows, share.json)) parentPort?.postMessage(block, [block.buffer]);
  parentPort?.postMessage(null);
});
