/**
 * A small gradient-boosted tree classifier (log loss, histogram splits, depth-limited trees) for
 * the benchmarks only: `bench:ceiling` uses it as the flexible learner that gauges how well any
 * ranking of customers could do from their calibration-period features. Not product code — the
 * product scores with the probability models in `functions/domain/scoring/`. Hand-written because
 * the Node packages (`ml-xgboost` and the like) are WebAssembly or native builds of XGBoost or
 * LightGBM, a heavy dependency for one benchmark's evidence; this is about 150 lines.
 */
import { prng } from '../lib/demo/random.js';

export interface BoostingOptions {
  rounds: number;
  learningRate: number;
  depth: number;
  /** Fewest rows a leaf may hold. */
  minLeaf: number;
  /** L2 penalty on leaf values. */
  lambda: number;
}

export const DEFAULT_BOOSTING: BoostingOptions = {
  rounds: 300,
  learningRate: 0.05,
  depth: 3,
  minLeaf: 50,
  lambda: 1,
};

const MAX_BINS = 32;

type Tree = { leaf: number } | { feature: number; bin: number; left: Tree; right: Tree };

/** Each feature column (one value per row) as quantile bins 0 … 31. */
export function binColumns(columns: readonly (readonly number[])[]): Uint8Array[] {
  return columns.map((column) => {
    const sorted = Float64Array.from(column).sort();
    const cuts: number[] = [];
    for (let k = 1; k < MAX_BINS; k++) {
      const cut = sorted[Math.floor((k * sorted.length) / MAX_BINS)] as number;
      if (cut !== cuts.at(-1)) cuts.push(cut);
    }
    // Bin = number of cuts ≤ value, so equal values share a bin.
    return Uint8Array.from(column, (v) => {
      let lo = 0;
      let hi = cuts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cuts[mid] as number) <= v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    });
  });
}

interface Gradients {
  g: Float64Array;
  h: Float64Array;
}

function buildTree(
  bins: Uint8Array[],
  rows: Int32Array,
  grad: Gradients,
  depth: number,
  o: BoostingOptions,
): Tree {
  let G = 0;
  let H = 0;
  for (const r of rows) {
    G += grad.g[r] as number;
    H += grad.h[r] as number;
  }
  const leaf = { leaf: -G / (H + o.lambda) };
  if (depth === 0 || rows.length < 2 * o.minLeaf) return leaf;
  const parent = (G * G) / (H + o.lambda);
  let best = { gain: 1e-9, feature: -1, bin: -1 };
  const gs = new Float64Array(MAX_BINS);
  const hs = new Float64Array(MAX_BINS);
  const cs = new Int32Array(MAX_BINS);
  bins.forEach((column, feature) => {
    gs.fill(0);
    hs.fill(0);
    cs.fill(0);
    for (const r of rows) {
      const b = column[r] as number;
      gs[b] = (gs[b] as number) + (grad.g[r] as number);
      hs[b] = (hs[b] as number) + (grad.h[r] as number);
      cs[b] = (cs[b] as number) + 1;
    }
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 0; b < MAX_BINS - 1; b++) {
      gl += gs[b] as number;
      hl += hs[b] as number;
      cl += cs[b] as number;
      if (cl < o.minLeaf || rows.length - cl < o.minLeaf) continue;
      const gain = (gl * gl) / (hl + o.lambda) + ((G - gl) * (G - gl)) / (H - hl + o.lambda) - parent;
      if (gain > best.gain) best = { gain, feature, bin: b };
    }
  });
  if (best.feature < 0) return leaf;
  const column = bins[best.feature] as Uint8Array;
  const left = rows.filter((r) => (column[r] as number) <= best.bin);
  const right = rows.filter((r) => (column[r] as number) > best.bin);
  return {
    feature: best.feature,
    bin: best.bin,
    left: buildTree(bins, left, grad, depth - 1, o),
    right: buildTree(bins, right, grad, depth - 1, o),
  };
}

function treeValue(tree: Tree, bins: Uint8Array[], row: number): number {
  let node = tree;
  while (!('leaf' in node))
    node = ((bins[node.feature] as Uint8Array)[row] as number) <= node.bin ? node.left : node.right;
  return node.leaf;
}

/** Fits on `train` and returns the log-odds of a positive label for the rows in `score`. */
export function boostedScores(
  bins: Uint8Array[],
  labels: readonly boolean[],
  train: Int32Array,
  score: Int32Array,
  options: BoostingOptions = DEFAULT_BOOSTING,
): Float64Array {
  let positives = 0;
  for (const r of train) if (labels[r]) positives++;
  const prior = Math.log((positives + 0.5) / (train.length - positives + 0.5));
  const trainF = new Float64Array(train.length).fill(prior);
  const scoreF = new Float64Array(score.length).fill(prior);
  const grad: Gradients = { g: new Float64Array(labels.length), h: new Float64Array(labels.length) };
  for (let round = 0; round < options.rounds; round++) {
    train.forEach((r, k) => {
      const p = 1 / (1 + Math.exp(-(trainF[k] as number)));
      grad.g[r] = p - (labels[r] ? 1 : 0);
      grad.h[r] = p * (1 - p);
    });
    const tree = buildTree(bins, train, grad, options.depth, options);
    train.forEach((r, k) => {
      trainF[k] = (trainF[k] as number) + options.learningRate * treeValue(tree, bins, r);
    });
    score.forEach((r, k) => {
      scoreF[k] = (scoreF[k] as number) + options.learningRate * treeValue(tree, bins, r);
    });
  }
  return scoreF;
}

/** Out-of-fold scores: each row scored by a model fitted on the other folds (rows shuffled by `seed`). */
export function crossValidatedScores(
  bins: Uint8Array[],
  labels: readonly boolean[],
  folds = 5,
  seed = 1,
  options: BoostingOptions = DEFAULT_BOOSTING,
): Float64Array {
  const random = prng(seed);
  const fold = Int32Array.from(labels, () => Math.floor(random() * folds));
  const out = new Float64Array(labels.length);
  for (let k = 0; k < folds; k++) {
    const rowsOf = (inFold: boolean) =>
      Int32Array.from(labels.keys()).filter((r) => (fold[r] === k) === inFold);
    const held = rowsOf(true);
    boostedScores(bins, labels, rowsOf(false), held, options).forEach((v, i) => {
      out[held[i] as number] = v;
    });
  }
  return out;
}
