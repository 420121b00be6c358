// The log file: JSON lines with source and run id, rotated by size keeping N files, secrets never written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSecretResolver } from '../../src-main/engine/config/secrets.js';
import { createLogger } from '../../src-main/engine/logging/logger.js';
import { tempDir } from '../helpers/tmp.js';

describe('log file', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('rotates at the size limit, keeps N old files, and never writes a resolved secret', () => {
    process.env.SYNCFLOW_TEST_LOG_SECRET = 'sk-live-abcdef123456';
    const secret = createSecretResolver()('${env:SYNCFLOW_TEST_LOG_SECRET}', 'test');
    const log = createLogger({ dataDir: tmp.dir, rotation: { maxFileMb: 2 / 1024, keepFiles: 2 } }); // 2 KiB files
    for (let i = 0; i < 200; i++) log.info(`page ${i} fetched with key ${secret}`, { source: 'erp', runId: 7 });
    log.close();

    const dir = join(tmp.dir, 'logs');
    const files = ['syncflow.log', 'syncflow.log.1', 'syncflow.log.2'].map((f) => join(dir, f));
    for (const f of files) expect(existsSync(f), f).toBe(true);
    expect(existsSync(join(dir, 'syncflow.log.3'))).toBe(false);

    const lines = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.length).toBeLessThan(200); // older files were dropped
    for (const text of lines) {
      expect(text).not.toContain(secret);
      const line = JSON.parse(text) as { source: string; runId: number; msg: string };
      expect(line).toMatchObject({ source: 'erp', runId: 7 });
      expect(line.msg).toMatch(/^page \d+ fetched with key \*\*\*$/);
    }
    // The newest file holds the last line.
    expect(readFileSync(files[0]!, 'utf8')).toContain('page 199 ');
    for (const f of files.slice(1)) expect(readFileSync(f).length).toBeGreaterThanOrEqual(2048);
  });
});
