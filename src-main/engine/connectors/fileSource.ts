// A catalog file as a source: CSV (delimiter detected), NDJSON and JSON, in UTF-8 or Latin-1. CSV and NDJSON are
// read line by line, so a large export streams through; a JSON document is parsed whole.
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FileSourceConfig, MappingConfig } from '../../../src-shared/config.js';
import { readPath } from '../pipeline/mapping.js';
import { compileMapping } from '../pipeline/mappingCompile.js';
import { startBatch } from '../pipeline/validation.js';
import { csvRecords } from './csv.js';
import { SourceShapeError } from './restConnector.js';
import type { Connector, ConnectorCapabilities, PageRequest, SourcePage } from './types.js';

export class FileConnector implements Connector {
  readonly kind = 'file';
  readonly capabilities: ConnectorCapabilities = { full: true, incremental: false };
  readonly mapping: MappingConfig;

  constructor(
    private readonly config: FileSourceConfig,
    where: string,
  ) {
    this.mapping = compileMapping(config.mapping, config.validation, where, config.locale);
  }

  private format(file: string): 'csv' | 'json' | 'ndjson' {
    if (this.config.format !== 'auto') return this.config.format;
    const ext = extname(file).toLowerCase();
    return ext === '.json' ? 'json' : ext === '.ndjson' || ext === '.jsonl' ? 'ndjson' : 'csv';
  }

  private async *lines(file: string, signal?: AbortSignal): AsyncGenerator<string> {
    const encoding = this.config.encoding === 'latin1' ? 'latin1' : 'utf8';
    // The signal is checked per line, not given to the stream: a stream aborted after its reader stopped (a run
    // cancelled between pages) errors with nobody left to catch it.
    const stream = createReadStream(file, { encoding });
    try {
      for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
        signal?.throwIfAborted();
        yield line;
      }
    } finally {
      stream.destroy();
    }
  }

  /** The file, or a folder's files of the configured format in name order (a drop folder of exports). */
  private async files(): Promise<string[]> {
    if (!(await stat(this.config.path)).isDirectory()) return [this.config.path];
    const format = this.config.format;
    const wanted = format === 'auto' ? ['.csv', '.json', '.ndjson', '.jsonl'] : format === 'ndjson' ? ['.ndjson', '.jsonl'] : [`.${format}`];
    return (await readdir(this.config.path, { withFileTypes: true }))
      .filter((e) => e.isFile() && wanted.includes(extname(e.name).toLowerCase()))
      .map((e) => join(this.config.path, e.name))
      .sort();
  }

  private async *records(signal?: AbortSignal): AsyncGenerator<unknown> {
    for (const file of await this.files()) yield* this.recordsOf(file, signal);
  }

  private async *recordsOf(file: string, signal?: AbortSignal): AsyncGenerator<unknown> {
    const format = this.format(file);
    if (format === 'csv') {
      yield* csvRecords(this.lines(file, signal), this.config.delimiter);
    } else if (format === 'ndjson') {
      let n = 0;
      for await (const line of this.lines(file, signal)) {
        n++;
        if (line.trim() === '') continue;
        try {
          yield JSON.parse(line);
        } catch {
          throw new SourceShapeError(`${file}:${n}: not a JSON object`);
        }
      }
    } else {
      const text = await readFile(file, {
        encoding: this.config.encoding === 'latin1' ? 'latin1' : 'utf8',
      });
      let body: unknown;
      try {
        body = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch (err) {
        throw new SourceShapeError(`${file}: not valid JSON (${(err as Error).message})`);
      }
      const selected = this.config.recordSelector ? readPath(body, this.config.recordSelector) : body;
      if (!Array.isArray(selected))
        throw new SourceShapeError(
          `${file}: expected an array at "${this.config.recordSelector || '(document)'}"`,
        );
      yield* selected;
    }
  }

  /** One read of one file is a snapshot; a resumed one skips lines of a file that may have changed since. */
  stableListing(resumed: boolean): boolean {
    return !resumed;
  }

  async *pages(req: PageRequest): AsyncIterable<SourcePage> {
    const skip = req.startOffset ?? 0;
    let index = 0;
    let batch: unknown[] = [];
    let offset = skip;
    for await (const record of this.records(req.signal)) {
      if (index++ < skip) continue;
      batch.push(record);
      if (batch.length >= this.config.pageSize) {
        startBatch(this.mapping);
        yield { records: batch, offset, total: null };
        offset += batch.length;
        batch = [];
      }
    }
    startBatch(this.mapping);
    // No total: a file has no count to check a pass against, and it reads the same every time.
    yield { records: batch, offset, total: null };
  }
}
