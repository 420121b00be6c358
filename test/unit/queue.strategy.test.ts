// Strategy selection for a queued job: a few named ids → realtime, a recent cursor → incremental, else full;
// the reason says why, including why named ids were not fetched one by one.
import { describe, expect, it } from 'vitest';
import { chooseStrategy } from '../../src-main/engine/pipeline/syncPipeline.js';

const cp = (over: { cursor?: string | null; fullOffset?: number | null } = {}) => ({
  source: 's', cursor: '2026-03-01T00:00:00.000Z', fullOffset: null, fullRunId: null, updatedAt: '', ...over,
});
const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i));

describe('strategy selection', () => {
  it('fetches up to 10 named ids one by one when the connector can', () => {
    expect(chooseStrategy({ full: false, incrementalCapable: true, ids: ids(10), fetchByIds: true }, cp())).toMatchObject({
      strategy: 'realtime',
      reason: '10 record(s) named by a change notification',
    });
  });

  it('falls back to incremental for more than 10 ids, or when the connector cannot fetch by id, and says why', () => {
    expect(chooseStrategy({ full: false, incrementalCapable: true, ids: ids(11), fetchByIds: true }, cp())).toEqual({
      strategy: 'incremental', reason: '11 ids (more than 10); changes since 2026-03-01T00:00:00.000Z', startOffset: 0,
    });
    expect(chooseStrategy({ full: false, incrementalCapable: true, ids: ids(2) }, cp()).reason).toBe(
      'the connector cannot fetch by id; changes since 2026-03-01T00:00:00.000Z',
    );
  });

  it('goes full on request, without a cursor, with a stale cursor; resumes an interrupted full sync first', () => {
    expect(chooseStrategy({ full: true, incrementalCapable: true, ids: ids(1), fetchByIds: true }, cp()).strategy).toBe('full');
    expect(chooseStrategy({ full: false, incrementalCapable: true }, cp({ cursor: null })).reason).toBe('no previous successful sync of this source');
    expect(chooseStrategy({ full: false, incrementalCapable: true, staleReason: 'cursor older than 7d' }, cp()).reason).toBe('cursor older than 7d');
    expect(chooseStrategy({ full: false, incrementalCapable: true }, cp({ fullOffset: 600 }))).toEqual({
      strategy: 'full', reason: 'resuming an interrupted full sync at record 600', startOffset: 600,
    });
  });
});
