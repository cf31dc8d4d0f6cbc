/**
 * Two mends to the storage under dynalite 4, which the local stack keeps for runs of hours. Both
 * cost memory in proportion to the work done, so a campaign at scale grew without bound:
 *
 *  - Every Query and Scan left its cursor open. dynalite's streams end a cursor with `return()`,
 *    which abstract-level 3 iterators do not have (they have `close()`), so each one stayed
 *    attached to the database, holding the version of the data it was opened on: in memory, a
 *    whole tree version (the values replaced since included); on disk, a LevelDB iterator and
 *    its snapshot. 250 queries left 250 cursors open.
 *  - In memory, memory-level stores each key and value as the Buffer its encoder made. A short
 *    Buffer is a slice of Node's shared 8 KB pool, and one slice kept alive keeps its whole slab:
 *    8,600 items (4.8 MB) of a 1,000-customer campaign held 29 MB of slabs. Stored keys and
 *    values get memory of their own instead (a copy outside the pool, once per write).
 *
 * Both are applied to the classes dynalite itself loads, once per process.
 */

import { createRequire } from 'node:module';

type Stored = Buffer | Uint8Array | string;

interface MemoryLevelStore {
  _put(key: Stored, value: Stored, options: unknown): Promise<void>;
  _batch(operations: { type: 'put' | 'del'; key: Stored; value?: Stored }[], options: unknown): Promise<void>;
}

interface LevelIterator {
  close(): Promise<void>;
  return?: () => Promise<void>;
}

const MENDED = Symbol.for('reactivate.dynalite-storage-mended');

export function mendDynaliteStorage(requireFromDynalite: NodeJS.Require): void {
  const memoryLevel = requireFromDynalite.resolve('memory-level');
  const { MemoryLevel } = requireFromDynalite(memoryLevel) as {
    MemoryLevel: { prototype: MemoryLevelStore };
  };
  const store = MemoryLevel.prototype as MemoryLevelStore & { [MENDED]?: true };
  if (store[MENDED]) return;
  store[MENDED] = true;
  closeCursorsOnReturn(requireFromDynalite, memoryLevel);
  storeInBuffersOfTheirOwn(store);
}

function closeCursorsOnReturn(requireFromDynalite: NodeJS.Require, memoryLevel: string): void {
  // memory-level and classic-level (on disk, under level) may each bring their own abstract-level.
  const classicLevel = createRequire(requireFromDynalite.resolve('level')).resolve('classic-level');
  const fromDependents = [memoryLevel, classicLevel].map((dependent) =>
    createRequire(dependent)('abstract-level'),
  ) as Record<string, { prototype: LevelIterator }>[];
  for (const abstractLevel of new Set(fromDependents))
    for (const name of ['AbstractIterator', 'AbstractKeyIterator', 'AbstractValueIterator']) {
      const iterator = abstractLevel[name]?.prototype;
      if (iterator && !iterator.return)
        iterator.return = function (this: LevelIterator) {
          return this.close();
        };
    }
}

function storeInBuffersOfTheirOwn(store: MemoryLevelStore): void {
  const own = <T extends Stored | undefined>(data: T): T => {
    if (!Buffer.isBuffer(data) || data.byteLength === data.buffer.byteLength) return data;
    const copy = Buffer.allocUnsafeSlow(data.byteLength);
    data.copy(copy);
    return copy as T;
  };
  const put = store._put;
  const batch = store._batch;
  store._put = function (key, value, options) {
    return put.call(this, own(key), own(value), options);
  };
  store._batch = function (operations, options) {
    return batch.call(
      this,
      operations.map((op) => (op.type === 'put' ? { ...op, key: own(op.key), value: own(op.value) } : op)),
      options,
    );
  };
}
