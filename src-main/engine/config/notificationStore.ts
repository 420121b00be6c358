// Notification switches live in the config file under `notifications:`. Changing them rewrites only that key
// (comments and the rest of the file stay as the operator wrote them), through a temp file and a rename so a
// crash never leaves half a config.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { NotificationSettings, notificationSettingsPatch } from '../../../src-shared/notifications.js';

export function applyNotificationPatch(current: NotificationSettings, patch: z.output<typeof notificationSettingsPatch>): NotificationSettings {
  const kinds = { ...current.kinds };
  for (const [k, v] of Object.entries(patch.kinds ?? {})) if (v !== undefined) kinds[k as keyof typeof kinds] = v;
  return { mute: patch.mute ?? current.mute, kinds };
}

export function writeNotificationSettings(file: string, settings: NotificationSettings): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['notifications'], doc.createNode(settings));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, doc.toString());
  renameSync(tmp, file);
}
