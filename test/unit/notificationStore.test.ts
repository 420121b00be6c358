import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyNotificationPatch, writeNotificationSettings } from '../../src-main/engine/config/notificationStore.js';
import { parseConfigText } from '../../src-main/engine/config/loadConfig.js';
import { notificationSettings } from '../../src-shared/notifications.js';
import { tempDir } from '../helpers/tmp.js';

describe('notification settings in the config file', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('defaults: failures, stale data, reviews, conflicts and back-online on; error rate and backlog off; not muted', () => {
    const d = notificationSettings.parse(undefined);
    expect(d.mute).toBe(false);
    expect(d.kinds).toMatchObject({ 'run-failed': true, 'consecutive-failures': true, stale: true, 'needs-review': true, 'back-online': true, 'error-rate': false, 'queue-backlog': false, conflict: true });
  });

  it('a patch changes only what it names; writing keeps the rest of the file and its comments, and parses back', () => {
    const file = path.join(tmp.dir, 'syncflow.yaml');
    writeFileSync(file, '# my agent\nsources:\n  - name: demo # the demo\n    kind: demo\n');
    const next = applyNotificationPatch(notificationSettings.parse(undefined), { mute: true, kinds: { stale: false } });
    writeNotificationSettings(file, next);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# my agent');
    expect(text).toContain('# the demo');
    const config = parseConfigText(text, file);
    expect(config.notifications.mute).toBe(true);
    expect(config.notifications.kinds.stale).toBe(false);
    expect(config.notifications.kinds['run-failed']).toBe(true);
    expect(config.sources[0]!.name).toBe('demo');
  });

  it('an unknown kind is refused, naming it', () => {
    expect(() => parseConfigText('sources: [{ name: a, kind: demo }]\nnotifications: { kinds: { everything: true } }\n')).toThrow(/notifications\.kinds.*everything/);
  });
});
