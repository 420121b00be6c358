import { describe, expect, it, vi } from 'vitest';
import path from 'node:path';

vi.mock('electron', () => ({}));

import { iconsDir, readFlag, resolveLaunchOptions } from '../../../src-main/desktop/options.js';

describe('resolveLaunchOptions', () => {
  const userData = path.resolve('/home/u/.config/Syncflow');

  it('defaults to Electron userData and no config path', () => {
    expect(resolveLaunchOptions(['electron', '.'], {}, userData)).toEqual({ dataDir: userData, customDataDir: false });
  });

  it('takes the data dir from SYNCFLOW_DATA_DIR and the config from SYNCFLOW_CONFIG', () => {
    const opts = resolveLaunchOptions(
      ['app'],
      { SYNCFLOW_DATA_DIR: '/data', SYNCFLOW_CONFIG: '/etc/s.yaml' },
      userData,
    );
    expect(opts).toEqual({
      dataDir: path.resolve('/data'),
      configPath: path.resolve('/etc/s.yaml'),
      customDataDir: true,
    });
  });

  it('prefers --config over SYNCFLOW_CONFIG, in both spellings', () => {
    const env = { SYNCFLOW_CONFIG: '/env.yaml' };
    expect(resolveLaunchOptions(['app', '--config', '/a.yaml'], env, userData).configPath).toBe(
      path.resolve('/a.yaml'),
    );
    expect(resolveLaunchOptions(['app', '--config=/b.yaml'], env, userData).configPath).toBe(path.resolve('/b.yaml'));
  });

  it('ignores empty values', () => {
    expect(resolveLaunchOptions(['app', '--config='], { SYNCFLOW_DATA_DIR: ' ' }, userData)).toEqual({
      dataDir: userData,
      customDataDir: false,
    });
  });
});

describe('readFlag', () => {
  it('does not swallow the next flag as a value', () => {
    expect(readFlag(['--config', '--inspect'], '--config')).toBeUndefined();
  });
  it('lets the last occurrence win', () => {
    expect(readFlag(['--config', 'a', '--config=b'], '--config')).toBe('b');
  });
  it('does not match a longer flag name', () => {
    expect(readFlag(['--config-dir=x'], '--config')).toBeUndefined();
  });
});

describe('iconsDir', () => {
  it('uses the app folder in development and resources/icons when packaged', () => {
    expect(iconsDir({ isPackaged: false, getAppPath: () => '/src/app' }, '/res')).toBe(
      path.join('/src/app', 'resources', 'icons'),
    );
    expect(iconsDir({ isPackaged: true, getAppPath: () => '/x/app.asar' }, '/res')).toBe(path.join('/res', 'icons'));
  });
});
