// Operations the Ploomes product sync plan describes (segments, urgency, webhook events), shared by the engine, the
// contract and the UI. No Node, DOM or Electron here.
import { z } from 'zod';

/**
 * How soon a run is wanted: `critical` jumps every queue and makes a few named records a real-time fetch, `low`
 * waits behind everything else and folds named records into the next incremental; `normal` follows the trigger.
 */
export const urgencies = ['low', 'normal', 'critical'] as const;
export type Urgency = (typeof urgencies)[number];
export const urgency = z.enum(urgencies, { message: `expected one of ${urgencies.join(', ')}` });

/** A segment name as written in the config, the CLI (`--segment rentals`) and the contract. */
export const segmentName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'use letters, digits, - and _ (e.g. rentals)')
  .max(64);

/** What the webhook receiver did with the notifications of one source since the agent started. */
export interface WebhookEventCounts {
  source: string;
  /** Notifications that queued a run (or joined one). */
  accepted: number;
  /** Acknowledged (200) without a run: an entity type the source does not sync, by type (`Deal: 3`). */
  ignored: Record<string, number>;
  /** Repeats within the replay window. */
  duplicates: number;
  /** Refused: bad or missing signature or validation key, a timestamp outside the window. */
  rejected: number;
  lastAt: string | null;
}

export interface WebhookStatus {
  /** Where the receiver listens on this machine (null when disabled). */
  url: string | null;
  /** The address Ploomes and other senders reach it at (a tunnel or proxy in front), from `webhooks.publicUrl`. */
  publicUrl: string | null;
  sources: WebhookEventCounts[];
}
