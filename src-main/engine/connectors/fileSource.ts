// A catalog file as a source: CSV (delimiter detected), NDJSON and JSON, in UTF-8 or Latin-1. CSV and NDJSON are
// read line by line, so a large export streams through; a JSON document is parsed whole.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
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
    this.mapping = compileMapping(config.mapping, config.validation, where);
  }

  private format(): 'csv' | 'json' | 'ndjson' {
    if (this.config.format !== 'auto') return this.config.format;
    const ext = extname(this.config.path).toLowerCase();
    return ext === '.json' ? 'json' : ext === '.ndjson' || ext === '.jsonl' ? 'ndjson' : 'csv';
  }

  private lines(signal?: AbortSignal): AsyncIterable<string> {
    const encoding = this.config.encoding === 'latin1' ? 'latin1' : 'utf8';
    const stream = createReadStream(this.config.path, { encoding, ...(signal ? { signal } : {}) });
    return createInterface({ input: stream, crlfDelay: Infinity });
  }

  private async *records(signal?: AbortSignal): AsyncGenerator<unknown> {
    const format = this.format();
    if (format === 'csv') {
      yield* csvRecords(this.lines(signal), this.config.delimiter);
    } else if (format === 'ndjson') {
      let n = 0;
      for await (const line of this.lines(signal)) {
        n++;
        if (line.trim() === '') continue;
        try {
          yield JSON.parse(line);
        } catch {
          throw new SourceShapeError(`${this.config.path}:${n}: not a JSON object`);
        }
      }
    } else {
      const text = await readFile(this.config.path, {
        encoding: this.config.encoding === 'latin1' ? 'latin1' : 'utf8',
      });
      let body: unknown;
      try {
        body = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch (err) {
        throw new SourceShapeError(`${this.config.path}: not valid JSON (${(err as Error).message})`);
      }
      const selected = this.config.recordSelector ? readPath(body, this.config.recordSelector) : body;
      if (!Array.isArray(selected))
        throw new SourceShapeError(
          `${this.config.path}: expected an array at "${this.config.recordSelector || '(document)'}"`,
        );
      yield* selected;
    }
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
