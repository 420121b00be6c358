import { createHash } from 'node:crypto';
import type { MappedProduct } from '../../../src-shared/domain.js';

/**
 * Checksum of a product's mapped content. The source's own update time is left out: a vendor that touches a record
 * without changing it must not cost a write, a feed entry and a cache invalidation.
 */
export function productChecksum(p: MappedProduct): string {
  const { sourceUpdatedAt: _ignored, ...content } = p;
  return createHash('sha1').update(JSON.stringify(content)).digest('base64url');
}
