import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretStore, WeakStorageError } from '../../../src-main/desktop/secretStore.js';
import { fakeSafeStorage } from '../../fixtures/fakeSafeStorage.js';
import { tempDir } from '../../helpers/tmp.js';

describe('SecretStore', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('round-trips through safeStorage; only the encrypted blob and the backend reach the disk (mode 0600)', () => {
    const store = new SecretStore(tmp.dir, fakeSafeStorage(), 'linux', () => new Date('2026-01-02T03:04:05Z'));
    const info = store.set('PLOOMES_KEY', 'sk-live-123456', false);
    expect(info).toEqual({ available: true, backend: 'gnome_libsecret', weak: false, secrets: [{ name: 'PLOOMES_KEY', set: true, backend: 'gnome_libsecret', updatedAt: '2026-01-02T03:04:05.000Z' }] });
    expect(JSON.stringify(info)).not.toContain('sk-live');
    expect(store.get('PLOOMES_KEY')).toBe('sk-live-123456');
    const file = path.join(tmp.dir, 'secrets.json');
    expect(readFileSync(file, 'utf8')).not.toContain('sk-live');
    expect(JSON.parse(readFileSync(file, 'utf8')).PLOOMES_KEY.backend).toBe('gnome_libsecret');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    store.set('PLOOMES_KEY', 'sk-live-replaced', false);
    expect(store.get('PLOOMES_KEY')).toBe('sk-live-replaced');
    expect(store.snapshot()).toEqual({ PLOOMES_KEY: 'sk-live-replaced' });
    store.delete('PLOOMES_KEY');
    expect(store.get('PLOOMES_KEY')).toBeUndefined();
    expect(store.info().secrets).toEqual([]);
  });

  it('basic_text on Linux: warns (weak) and refuses to store without an explicit confirmation', () => {
    const store = new SecretStore(tmp.dir, fakeSafeStorage('basic_text'), 'linux');
    expect(store.info()).toMatchObject({ backend: 'basic_text', weak: true });
    expect(() => store.set('K', 'value-1', false)).toThrow(WeakStorageError);
    expect(() => store.set('K', 'value-1', false)).toThrow(/^allowWeakStorage: .*basic_text/);
    expect(store.get('K')).toBeUndefined();
    store.set('K', 'value-1', true);
    expect(store.info().secrets[0]).toMatchObject({ name: 'K', backend: 'basic_text' });
  });

  it('macOS and Windows name their keychain; unavailable encryption refuses to store', () => {
    expect(new SecretStore(tmp.dir, fakeSafeStorage(), 'darwin').backend()).toBe('keychain');
    expect(new SecretStore(tmp.dir, fakeSafeStorage(), 'win32').backend()).toBe('dpapi');
    const off = new SecretStore(tmp.dir, { ...fakeSafeStorage(), isEncryptionAvailable: () => false }, 'linux');
    expect(() => off.set('K', 'v', true)).toThrow(/safeStorage unavailable/);
  });
});
