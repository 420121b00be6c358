// Where the desktop app looks for updates; unset means auto-update is off.
import { z } from 'zod';

export const updateFeed = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('generic'), url: z.url({ protocol: /^https$/, message: 'expected an https:// URL of the folder holding latest.yml' }) }),
  z.strictObject({ provider: z.literal('github'), owner: z.string().min(1), repo: z.string().min(1) }),
]);
export type UpdateFeed = z.infer<typeof updateFeed>;

export const updateSettings = z.strictObject({ feed: updateFeed.optional() }).default({});
