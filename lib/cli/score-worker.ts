/**
 * A worker thread's share of `reactivate score`: given the histories' parts, the model and the row
 * options, it scores the customers numbered `from` to `to` and posts their lines back in blocks,
 * then `null`. The main thread scores the other share meanwhile (see `parallel-score.ts`).
 */
import { parentPort } from 'node:worker_threads';
import type { ScoringModel } from '../../functions/domain/scoring/scoring-model.js';
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

parentPort?.on('message', (share: ScoreShare) => {
  const histories = historiesOver(share.parts);
  const rows = scoredRows(histories, share.model, share.options, share.from, share.to);
  // Each block has a buffer of its own: moved to the main thread, not copied.
  for (const block of lineBlocks(rows, share.json)) parentPort?.postMessage(block, [block.buffer]);
  parentPort?.postMessage(null);
});
