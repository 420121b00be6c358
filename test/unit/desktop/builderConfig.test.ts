// electron-builder.yml holds what the issue asks of packaging; packing itself needs the Electron binary, which
// cannot be downloaded here, so the settings are checked as data.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../../', import.meta.url);
interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  artifactName: string;
  extraResources: { from: string; to: string }[];
  linux: { target: string[]; category: string; desktop: { entry: Record<string, string> } };
  win: { target: string[] };
  mac: { target: string[]; notarize: boolean; hardenedRuntime: boolean };
}
const config = parse(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { main: string; author: unknown };

describe('electron-builder.yml', () => {
  it('targets AppImage and deb, NSIS, dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('flips the six fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('unpacks better-sqlite3 from the asar and rebuilds it for Electron', () => {
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(true);
  });

  it('packs only what the app runs: no tests, sources, maps or native build leftovers', () => {
    const files = config.files as string[];
    const includes = files.filter((f) => !f.startsWith('!'));
    expect(includes.every((f) => f === 'package.json' || f.startsWith('dist/'))).toBe(true);
    expect(includes).not.toContain('dist/**/*');
    for (const excluded of ['!**/*.map', '!**/*.ts', '!dist/main/test/**', '!**/node_modules/better-sqlite3/{deps,src}/**']) {
      expect(files).toContain(excluded);
    }
    // The entry point Electron starts is inside what is packed.
    expect(pkg.main).toMatch(/^dist\/main\/src-main\/.*\.js$/);
    expect(config.extraResources[0]).toMatchObject({ from: 'resources/icons', to: 'icons' });
  });

  it('names artifacts, has an author, a Linux desktop entry and category', () => {
    expect(config.artifactName).toBe('${productName}-${version}-${os}-${arch}.${ext}');
    expect(pkg.author).toMatchObject({ name: expect.any(String), email: expect.stringMatching(/@/) });
    expect(config.linux.category).toBe('Utility');
    expect(config.linux.desktop.entry).toMatchObject({ Name: 'Syncflow', Categories: expect.stringMatching(/^Utility;/) });
  });

  it('signs and notarises from environment variables only (nothing secret in the file)', () => {
    expect(config.mac.notarize).toBe(true);
    expect(config.mac.hardenedRuntime).toBe(true);
    const text = readFileSync(new URL('electron-builder.yml', root), 'utf8');
    for (const v of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']) expect(text).toContain(v);
    expect(JSON.stringify(config)).not.toMatch(/password\s*:|cscLink|certificatePassword/i);
  });
});
