import type { IncomingMessage } from 'node:http';

/**
 * A request body up to `max` bytes; null when it is larger. The excess is read and dropped, not refused by closing
 * the connection, so the sender gets the 413 the caller answers instead of a reset; past 16 times the limit the
 * connection is dropped after all.
 */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
      else if (size > max * 16) {
        resolve(null);
        req.destroy();
      }
    });
    req.on('end', () => resolve(size > max ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Whether the declared length is already over `max` (answer 413 at once, reading nothing). */
export function declaredTooLarge(req: IncomingMessage, max: number): boolean {
  const n = Number(req.headers['content-length']);
  return Number.isFinite(n) && n > max;
}
