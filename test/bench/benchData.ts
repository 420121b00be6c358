// Deterministic products for the benchmark, made the way a sync makes them (demo source record → mapping →
// checksum), in chunks so memory stays flat however large N is.
import { demoProduct } from '../../src-main/demo/demoCatalog.js';
import { demoAccountMapping } from '../../src-main/engine/connectors/ploomes.js';
import { prepareProduct } from '../../src-main/engine/pipeline/checksum.js';
import { mapProduct } from '../../src-main/engine/pipeline/mapping.js';
import type { PreparedProduct } from '../../src-main/engine/store/productRows.js';

export function* productChunks(n: number, chunk: number, opts: { changeEvery?: number } = {}): Generator<PreparedProduct[]> {
  for (let start = 0; start < n; start += chunk) {
    const rows: PreparedProduct[] = [];
    for (let i = start; i < Math.min(n, start + chunk); i++) {
      const mapped = mapProduct(demoProduct(i, { size: n }), demoAccountMapping, 'bench');
      if (opts.changeEvery && i % opts.changeEvery === 0) mapped.price = Math.round(((mapped.price ?? 0) + 1) * 100) / 100;
      rows.push(prepareProduct(mapped));
    }
    yield rows;
  }
}
