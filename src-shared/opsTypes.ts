// Types of the operator screens' contract methods (Problems, History, Activity, Settings). Plain data only.
import type { ConfigProblem } from './config.js';
import type { ErrorClass, LogLine, SyncRun } from './domain.js';
import type { RunExplanation } from './runExplanation.js';

/** A record that could not be loaded, as it stands now: its latest sighting, and when it was first seen. */
export interface QuarantineItem {
  /** The latest row's id: what retry and dismiss take. */
  id: number;
  source: string;
  runId: number | null;
  recordKey: string | null;
  rule: string;
  reason: string;
  payload: unknown;
  firstSeenAt: string;
  lastSeenAt: string;
  /** How many runs quarantined it. */
  occurrences: number;
}

export interface QuarantinePage {
  items: QuarantineItem[];
  /** Open entries matching the filter, all pages together. */
  total: number;
}

export interface RetryOutcome {
  id: number;
  recordKey: string | null;
  loaded: boolean;
  /** Why it is still quarantined (the rule that failed against the current config). */
  rule?: string;
  reason?: string;
}

export interface RetryResult {
  /** The run that recorded the retry (history shows it); null when nothing was retried. */
  run: SyncRun | null;
  outcomes: RetryOutcome[];
}

export type DeleteReviewStatus = 'pending' | 'approved' | 'rejected' | 'superseded';

/** A full sync's deletes held for review because they were too many. */
export interface DeleteReview {
  runId: number;
  source: string;
  reason: string;
  /** Live records of the source at the time, and how many the sync would delete. */
  live: number;
  missing: number;
  createdAt: string;
  status: DeleteReviewStatus;
  decidedAt: string | null;
  /** The run that applied approved deletes. */
  decidedRunId: number | null;
  /** What would be deleted (first `limit` of them). */
  records: { id: string; name: string | null; code: string | null }[];
}

export interface RunRetry {
  at: string;
  attempt: number;
  errorClass: ErrorClass | null;
  message: string;
}

export interface RunDetail {
  run: SyncRun;
  /** Records this run quarantined (each row as it was recorded then). */
  quarantined: QuarantineItem[];
  retries: RunRetry[];
  /** Its log lines, oldest first, from the log file when there is one, else the in-memory tail. */
  logs: LogLine[];
  /** Deletes the run held for review, if it did. */
  deleteReview: DeleteReview | null;
  /** Why the run went as it did (null for runs from before explanations, or killed before their end). */
  explanation: RunExplanation | null;
  /** The same in sentences (English). */
  explanationText: string[];
}

export interface LogQueryResult {
  lines: LogLine[];
  /** Where the log file is (null when logging to a file is off) and the folder with its rotated predecessors. */
  logFile: string | null;
  logDir: string | null;
  /** Where the lines came from: the log files on disk, or the in-memory tail (file logging off). */
  from: 'files' | 'memory';
  /** Cursor of the older page, when there is one. */
  next?: string;
}

export type SecretStoreKind = 'keychain' | 'file';

/** The configuration as the Settings screen edits it. Secret references are shown; values never are. */
export interface ConfigView {
  /** The file changes are written to; null when the built-in demo config is in use (saving creates one). */
  file: string | null;
  /** The document as written (no defaults filled in), for editing. */
  document: Record<string, unknown>;
  /** The effective configuration's problems; empty when valid. */
  problems: ConfigProblem[];
  dataDir: string;
  logDir: string;
  /** How credentials entered in the app are kept: the OS keychain (desktop) or files in the data dir (serve). */
  secretStore: SecretStoreKind;
  /** Sizes on disk and in memory. */
  sizes: { databaseBytes: number; httpCacheBytes: number; cacheEntries: number; cacheMaxEntries: number };
}

export interface ConfigUpdateResult {
  ok: boolean;
  /** Field-level messages (`sources[1].baseUrl: expected an absolute http(s) URL …`); nothing was written when any. */
  problems: ConfigProblem[];
  /** What the reload changed: sources added, removed and changed. */
  applied?: { added: string[]; removed: string[]; changed: string[] };
  config?: ConfigView;
}

export interface TestSourceResult {
  ok: boolean;
  durationMs: number;
  /** Records on the first page, and the total the source reports when it does. */
  fetched: number;
  total: number | null;
  /** The first records with what the mapping made of them, or the rule that failed. */
  preview: { raw: unknown; mapped: Record<string, unknown> | null; rule?: string; reason?: string }[];
  error: { class: ErrorClass; message: string } | null;
  problems: ConfigProblem[];
}

export interface SchedulePreview {
  ok: boolean;
  /** The next run times (ISO), in order. */
  next: string[];
  problem?: string;
}
