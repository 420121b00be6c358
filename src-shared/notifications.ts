// Which desktop notifications the operator wants: one switch per kind of event and a global mute. Stored in the
// config file (`notifications:`) so they travel with it; the desktop reads them through the contract.
import { z } from 'zod';

export const notificationKinds = [
  'run-failed',
  'consecutive-failures',
  'error-rate',
  'stale',
  'needs-review',
  'queue-backlog',
  'back-online',
  /** Catalog records whose sources disagree wait for an operator (the catalog hub's conflict alert). */
  'conflict',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** On by default: what an operator must act on or would want to know after being away. */
export const defaultNotificationKinds: Record<NotificationKind, boolean> = {
  'run-failed': true,
  'consecutive-failures': true,
  'error-rate': false,
  stale: true,
  'needs-review': true,
  'queue-backlog': false,
  'back-online': true,
  conflict: true,
};

export const notificationSettings = z
  .strictObject({
    /** Silences every desktop notification (alerts still show in the app and the logs). */
    mute: z.boolean().default(false),
    kinds: z
      .strictObject(Object.fromEntries(notificationKinds.map((k) => [k, z.boolean().default(defaultNotificationKinds[k])])) as {
        [K in NotificationKind]: z.ZodDefault<z.ZodBoolean>;
      })
      .default(defaultNotificationKinds),
  })
  .default({ mute: false, kinds: defaultNotificationKinds });
export type NotificationSettings = z.infer<typeof notificationSettings>;

/** A change from the settings screen: only what it names changes. */
export const notificationSettingsPatch = z.strictObject({
  mute: z.boolean().optional(),
  kinds: z.strictObject(Object.fromEntries(notificationKinds.map((k) => [k, z.boolean().optional()])) as {
    [K in NotificationKind]: z.ZodOptional<z.ZodBoolean>;
  }).optional(),
});
