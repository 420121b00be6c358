// `${keychain:NAME}` secrets of the desktop app: each value is encrypted with Electron's safeStorage (the OS
// keychain's key: Keychain on macOS, DPAPI on Windows, libsecret/KWallet on Linux) and only the encrypted blob is
// written, to <dataDir>/secrets.json (mode 0600), with the backend that encrypted it. Values go in (set, replace)
// and to the engine's resolver; the renderer only ever sees names. On Linux without a keyring safeStorage falls
// back to `basic_text`, a key hard-coded in Chromium: storing then needs the user's explicit consent.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretsInfo } from '../../src-shared/secrets.js';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

interface StoredSecret {
  backend: string;
  updatedAt: string;
  /** base64 of safeStorage's encrypted bytes. */
  blob: string;
}

export const WEAK_BACKEND = 'basic_text';

export class WeakStorageError extends Error {
  constructor() {
    super(
      'allowWeakStorage: no OS keyring is available (safeStorage backend basic_text), so the secret would be ' +
        'encrypted with a key every Chromium build shares; install/unlock GNOME Keyring or KWallet, or confirm to store it anyway',
    );
    this.name = 'WeakStorageError';
  }
}

export class SecretStore {
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly safeStorage: SafeStorageLike,
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = path.join(dataDir, 'secrets.json');
  }

  backend(): string {
    if (this.platform === 'darwin') return 'keychain';
    if (this.platform === 'win32') return 'dpapi';
    return this.safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  }

  info(): SecretsInfo {
    const backend = this.backend();
    return {
      available: this.safeStorage.isEncryptionAvailable(),
      backend,
      weak: backend === WEAK_BACKEND,
      secrets: Object.entries(this.read())
        .map(([name, s]) => ({ name, set: true as const, backend: s.backend, updatedAt: s.updatedAt }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  set(name: string, value: string, allowWeakStorage: boolean): SecretsInfo {
    if (!this.safeStorage.isEncryptionAvailable()) {
      throw new Error('value: the OS cannot encrypt secrets right now (safeStorage unavailable); use ${env:NAME} instead');
    }
    const backend = this.backend();
    if (backend === WEAK_BACKEND && !allowWeakStorage) throw new WeakStorageError();
    const all = this.read();
    all[name] = { backend, updatedAt: this.now().toISOString(), blob: this.safeStorage.encryptString(value).toString('base64') };
    this.write(all);
    return this.info();
  }

  delete(name: string): SecretsInfo {
    const all = this.read();
    if (name in all) {
      delete all[name];
      this.write(all);
    }
    return this.info();
  }

  /** The engine's Keychain: the plaintext, or undefined when unset or no longer decryptable (keyring changed). */
  get(name: string): string | undefined {
    const s = this.read()[name];
    if (!s) return undefined;
    try {
      return this.safeStorage.decryptString(Buffer.from(s.blob, 'base64'));
    } catch {
      console.error(`syncflow: secret "${name}" could not be decrypted (stored with ${s.backend}); set it again`);
      return undefined;
    }
  }

  /** Every secret that decrypts, by name: the engine worker's resolver copy (it crosses in memory only). */
  snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of Object.keys(this.read())) {
      const value = this.get(name);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  private read(): Record<string, StoredSecret> {
    if (!existsSync(this.file)) return {};
    return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, StoredSecret>;
  }

  private write(all: Record<string, StoredSecret>): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
    chmodSync(this.file, 0o600);
  }
}
