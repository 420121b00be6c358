// The soak's REST target: a fake vendor API the agent pushes products to (PUT /products/{id} creates or replaces,
// DELETE removes). It records which pushed versions (the Idempotency-Key: target, record, version) changed its
// state, so a re-sent batch that changes nothing is told apart from a version applied twice. It can hold the n-th
// write forever (optionally after applying it), for the soak to SIGKILL the pushing agent mid-batch.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { comparableFields, rowToProduct, type ProductRow } from '../../src-main/engine/store/productRows.js';

export interface FakeTarget {
  url: string;
  /** What the target holds, by product id. */
  records: Map<string, Record<string, unknown>>;
  /** Writes received (PUT and DELETE). */
  writes: number;
  /** Writes that changed the target's state, per Idempotency-Key. */
  applied: Map<string, number>;
  /** Holds the `nth` write from now (applying it first when `apply`), then calls `onHold`. */
  holdAt(nth: number, apply: boolean, onHold: () => void): void;
  /** Stops holding (a held request stays unanswered; its client is gone). */
  release(): void;
  close(): Promise<void>;
}

const body = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });

export async function startFakeTarget(): Promise<FakeTarget> {
  let hold: { at: number; apply: boolean; onHold: () => void } | null = null;
  const state: FakeTarget = {
    url: '',
    records: new Map(),
    writes: 0,
    applied: new Map(),
    holdAt: (nth, apply, onHold) => (hold = { at: state.writes + nth, apply, onHold }),
    release: () => (hold = null),
    close: () => Promise.resolve(),
  };
  const server = createServer((req, res) => {
    void (async () => {
      const m = /^\/products\/([^/?]+)$/.exec(req.url ?? '');
      const text = await body(req);
      if (!m || (req.method !== 'PUT' && req.method !== 'DELETE')) {
        res.writeHead(404).end();
        return;
      }
      const id = decodeURIComponent(m[1]!);
      const n = ++state.writes;
      const held = hold !== null && n >= hold.at ? hold : null;
      if (held && !held.apply) {
        hold = null;
        return held.onHold();
      }
      const before = state.records.get(id);
      let status = 200;
      if (req.method === 'DELETE') {
        if (before) state.records.delete(id);
        else status = 404;
      } else {
        const record = JSON.parse(text) as Record<string, unknown>;
        if (JSON.stringify(before) !== JSON.stringify(record)) state.records.set(id, record);
        else status = 204;
      }
      if (status === 200) {
        const key = String(req.headers['idempotency-key']);
        state.applied.set(key, (state.applied.get(key) ?? 0) + 1);
      }
      if (held) {
        hold = null;
        return held.onHold();
      }
      res.writeHead(status).end();
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

export interface TargetVerdict {
  /** Live in the catalog, missing at the target. */
  lost: number;
  /** At the target with other content or an older version than the catalog's. */
  stale: number;
  /** At the target, deleted in (or unknown to) the catalog. */
  extra: number;
  /** Pushed versions that changed the target's state more than once. */
  appliedTwice: number;
  examples: string[];
}

/** The target against the catalog, record by record: every comparable field and the version. */
export function compareTarget(dbFile: string, source: string, target: FakeTarget): TargetVerdict {
  const v: TargetVerdict = { lost: 0, stale: 0, extra: 0, appliedTwice: 0, examples: [] };
  const note = (s: string) => v.examples.length < 10 && v.examples.push(s);
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.prepare<[string], ProductRow>('SELECT rowid, * FROM products WHERE source = ?').all(source);
    const live = new Set<string>();
    for (const row of rows) {
      if (row.deleted_at !== null) continue;
      live.add(row.id);
      const have = target.records.get(row.id);
      if (!have) {
        v.lost++;
        note(`target: ${row.id} missing`);
        continue;
      }
      const want = rowToProduct(row);
      const off: string[] = comparableFields.filter((f) => JSON.stringify(want[f] ?? null) !== JSON.stringify(have[f] ?? null));
      if (have.syncVersion !== want.syncVersion) off.push('syncVersion');
      if (off.length > 0) {
        v.stale++;
        note(`target: ${row.id} stale: ${off.join(', ')}`);
      }
    }
    for (const id of target.records.keys()) {
      if (!live.has(id)) {
        v.extra++;
        note(`target: ${id} kept, not live in the catalog`);
      }
    }
  } finally {
    db.close();
  }
  for (const [key, n] of target.applied) {
    if (n > 1) {
      v.appliedTwice++;
      note(`target: ${key} applied ${n} times`);
    }
  }
  return v;
}
