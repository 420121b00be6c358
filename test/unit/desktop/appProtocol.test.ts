// The app:// handler against a real folder on disk: GET only, confined to the renderer folder, SPA fallback, CSP.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_PAGE, CSP, handleAppRequest, registerAppScheme, resolveAppFile } from '../../../src-main/desktop/appProtocol.js';
import { tempDir } from '../../helpers/tmp.js';

describe('app:// protocol', () => {
  let tmp: ReturnType<typeof tempDir>;
  let root: string;
  beforeEach(() => {
    tmp = tempDir();
    root = path.join(tmp.dir, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<html>page</html>');
    writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    // A sibling whose name starts like the root: a startsWith check would let it through.
    mkdirSync(path.join(tmp.dir, 'renderer-evil'));
    writeFileSync(path.join(tmp.dir, 'renderer-evil', 'secret.txt'), 'secret');
    writeFileSync(path.join(tmp.dir, 'secret.txt'), 'secret');
  });
  afterEach(() => tmp.cleanup());

  const get = (url: string, method = 'GET') => handleAppRequest(root, new Request(url, { method }));

  it('serves files with their type and a strict CSP', async () => {
    const page = await get(APP_PAGE);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<html>page</html>');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    const js = await get('app://syncflow/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('client-side routes fall back to index.html; missing assets are 404', async () => {
    expect(await (await get('app://syncflow/problems')).text()).toBe('<html>page</html>');
    expect(await (await get('app://syncflow/')).text()).toBe('<html>page</html>');
    expect((await get('app://syncflow/assets/missing.js')).status).toBe(404);
  });

  it('refuses anything but GET and HEAD', async () => {
    expect((await get(APP_PAGE, 'POST')).status).toBe(405);
    expect((await get(APP_PAGE, 'PUT')).status).toBe(405);
    expect((await get(APP_PAGE, 'HEAD')).status).toBe(200);
  });

  it.each([
    'app://syncflow/../secret.txt',
    'app://syncflow/%2e%2e/secret.txt',
    'app://syncflow/..%2fsecret.txt',
    'app://syncflow/%2e%2e/renderer-evil/secret.txt',
    'app://syncflow/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://other/index.html',
    'file:///etc/passwd',
  ])('never leaves the renderer folder: %s', async (url) => {
    const file = resolveAppFile(root, url);
    if (file !== null) expect(path.relative(root, file).startsWith('..')).toBe(false);
    const res = await get(url);
    expect(await res.text()).not.toBe('secret');
  });

  it('registers app as a standard, secure scheme', () => {
    const seen: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (s) => void seen.push(...s) });
    expect(seen).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });
});
