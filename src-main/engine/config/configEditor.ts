// Edits syncflow.yaml the way a person would: through the yaml package's Document API, so comments, key order and
// formatting of everything not edited stay as they were. Edits are validated as a whole before anything is written,
// and the file is replaced atomically (written beside it, then renamed).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import type { ConfigProblem, SyncflowConfig } from '../../../src-shared/config.js';
import { ConfigError } from './configError.js';
import { parseConfigText } from './loadConfig.js';
import { scheduleProblems } from '../scheduler/scheduler.js';

export type ConfigPath = (string | number)[];

/** The document of `file`, or of the built-in demo configuration when there is no file yet. */
export function readDocument(file: string | null): Document {
  const text = file && existsSync(file) ? readFileSync(file, 'utf8') : demoDocument;
  return parseDocument(text);
}

const demoDocument = `# Syncflow configuration, written by the app. Comments added here are kept when the app saves.
version: 1
sources:
  - name: demo
    kind: demo
`;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Writes `value` at `path`. An object over an existing map is applied key by key (keys it lacks are removed), so
 * comments on the keys that stay are kept; anything else replaces the node.
 */
export function setPath(doc: Document, path: ConfigPath, value: unknown): void {
  // No value (JSON drops undefined) removes the key: `enabled` unset means enabled.
  if (value === undefined || value === null) {
    doc.deleteIn(path);
    return;
  }
  const node = doc.getIn(path, true);
  if (isPlainObject(value) && isMap(node)) {
    const keys = new Set(Object.keys(value));
    for (const item of [...node.items]) {
      const key = (item.key as { value?: unknown } | null)?.value ?? item.key;
      if (typeof key === 'string' && !keys.has(key)) doc.deleteIn([...path, key]);
    }
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) doc.deleteIn([...path, k]);
      else setPath(doc, [...path, k], v);
    }
    return;
  }
  if (doc.getIn(path) === value) return;
  // A list index one past the end appends (adding a source).
  const parent = doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isSeq(parent) && typeof last === 'number' && last >= parent.items.length) {
    doc.addIn(path.slice(0, -1), value);
    return;
  }
  doc.setIn(path, value);
}

/** Applies removals (list indexes from the highest down, so earlier ones stay valid) and settings. */
export function applyEdits(doc: Document, set: { path: ConfigPath; value: unknown }[], remove: ConfigPath[]): void {
  for (const s of set) setPath(doc, s.path, s.value);
  const ordered = [...remove].sort((a, b) => {
    const x = a[a.length - 1];
    const y = b[b.length - 1];
    return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
  });
  for (const p of ordered) doc.deleteIn(p);
}

/** The document's configuration, or every problem with it (schema, YAML, cron expressions, time zones). */
export function validateDocument(
  doc: Document,
): { config: SyncflowConfig; problems: [] } | { config: null; problems: ConfigProblem[] } {
  if (doc.errors.length > 0)
    return { config: null, problems: doc.errors.map((e) => ({ path: '(file)', message: e.message })) };
  let config: SyncflowConfig;
  try {
    config = parseConfigText(doc.toString());
  } catch (err) {
    if (err instanceof ConfigError) return { config: null, problems: err.problems };
    throw err;
  }
  const problems = [...scheduleProblems(config.sources), ...timezoneProblems(config.sources)];
  return problems.length > 0 ? { config: null, problems } : { config, problems: [] };
}

export function timezoneProblems(
  sources: { schedule?: { timezone?: string | undefined } | undefined }[],
): ConfigProblem[] {
  return sources.flatMap((s, i) => {
    const tz = s.schedule?.timezone;
    if (!tz) return [];
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return [];
    } catch {
      return [
        {
          path: `sources[${i}].schedule.timezone`,
          message: `"${tz}" is not a time zone; use an IANA name such as America/Sao_Paulo`,
        },
      ];
    }
  });
}

/** Replaces the file in one step: a crash mid-write leaves the old file, never half a new one. */
export function writeDocument(file: string, doc: Document): void {
  const tmp = `${file}.saving`;
  writeFileSync(tmp, doc.toString(), { mode: 0o600 });
  renameSync(tmp, file);
}
