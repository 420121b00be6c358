import * as crypto from 'node:crypto';
import type { MappedProduct } from '../../../src-shared/domain.js';
import type { PreparedProduct } from '../store/productRows.js';

// crypto.hash (Node ≥ 20.12) hashes a string in one call, about twice as fast as createHash for short inputs.
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'base64url') => string }).hash;

/**
 * Checksum of a product's mapped content. The source's own update time is left out: a vendor that touches a record
 * without changing it must not cost a write, a feed entry and a cache invalidation.
 */
export function productChecksum(p: MappedProduct): string {
  const { sourceUpdatedAt: _ignored, ...content } = p;
  const text = JSON.stringify(content);
  return oneShot ? oneShot('sha1', text, 'base64url') : crypto.createHash('sha1').update(text).digest('base64url');
}

export function recordChecksum(data: Record<string, unknown>): string {
  const text = JSON.stringify(data);
  return oneShot ? oneShot('sha1', text, 'base64url') : crypto.createHash('sha1').update(text).digest('base64url');
}

export function prepareProduct(p: MappedProduct): PreparedProduct {
  return { ...p, checksum: productChecksum(p) };
}
