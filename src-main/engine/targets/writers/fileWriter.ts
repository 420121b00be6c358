// File target: a change file (`<name>.changes.ndjson|csv`, one line per delivered change, rotated by size) and/or a
// snapshot of the whole entity (`<name>.snapshot.ndjson|csv`, rewritten through a temp file after each push that
// changed something, older snapshots kept as .1, .2, …). Change lines carry id and version: a batch re-sent after
// a crash repeats lines a reader drops by (id, version).
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FileTargetConfig } from '../../../../src-shared/targetSchemas.js';
import { csvCell } from '../../export/exporter.js';
import type { RecordState } from '../changeReader.js';
import { mapFields, type TargetWriter, type WriteResult } from './types.js';

export class FileWriter implements TargetWriter {
  private readonly changes: string;
  private readonly snapshotFile: string;

  constructor(private readonly c: FileTargetConfig) {
    this.changes = join(c.dir, `${c.name}.changes.${c.format}`);
    this.snapshotFile = join(c.dir, `${c.name}.snapshot.${c.format}`);
  }

  async write(batch: RecordState[]): Promise<WriteResult> {
    if (this.c.mode === 'snapshot' || batch.length === 0) return { unchanged: [] };
    mkdirSync(this.c.dir, { recursive: true });
    if (existsSync(this.changes) && statSync(this.changes).size >= this.c.maxFileMb * 1024 * 1024) rotate(this.changes, this.c.keepFiles);
    const fresh = !existsSync(this.changes) || statSync(this.changes).size === 0;
    const at = new Date().toISOString();
    const lines = batch.map((s) => {
      const record = s.record ? mapFields(s.record, this.c.mapping?.fields) : null;
      const op = s.deleted ? 'deleted' : 'upserted';
      if (this.c.format === 'ndjson') return JSON.stringify({ op, entity: s.entity, id: s.id, version: s.version, at, record });
      return [op, s.entity, s.id, s.version, at, record].map(csvCell).join(',');
    });
    const header = this.c.format === 'csv' && fresh ? 'op,entity,id,version,at,record\n' : '';
    // Durable before the offset moves past it.
    const fd = openSync(this.changes, 'a');
    try {
      writeSync(fd, header + lines.join('\n') + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return { unchanged: [] };
  }

  async snapshot(all: () => Iterable<RecordState>): Promise<void> {
    if (this.c.mode === 'changes') return;
    mkdirSync(this.c.dir, { recursive: true });
    const tmp = `${this.snapshotFile}.tmp`;
    rmSync(tmp, { force: true });
    let columns: string[] = [];
    if (this.c.format === 'csv') {
      const seen = new Set<string>();
      for (const s of all()) for (const k of Object.keys(mapFields(s.record ?? {}, this.c.mapping?.fields))) seen.add(k);
      columns = [...seen];
      appendFileSync(tmp, columns.map(csvCell).join(',') + '\n');
    }
    let chunk: string[] = [];
    const flush = () => {
      if (chunk.length) appendFileSync(tmp, chunk.join('\n') + '\n');
      chunk = [];
    };
    for (const s of all()) {
      const r = mapFields(s.record ?? {}, this.c.mapping?.fields);
      chunk.push(this.c.format === 'ndjson' ? JSON.stringify(r) : columns.map((k) => csvCell(r[k])).join(','));
      if (chunk.length >= 1000) flush();
    }
    flush();
    if (!existsSync(tmp)) appendFileSync(tmp, '');
    if (existsSync(this.snapshotFile)) rotate(this.snapshotFile, this.c.keepFiles);
    renameSync(tmp, this.snapshotFile);
  }

  async close(): Promise<void> {}
}

/** file → file.1 (older ones shift up; the oldest beyond `keep` is removed). */
function rotate(file: string, keep: number): void {
  rmSync(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
  renameSync(file, `${file}.1`);
}
