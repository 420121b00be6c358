// The contract every source connector meets. Records stream page by page with a resumable position, so the
// pipeline never holds a whole catalog in memory.
import type { MappingConfig } from '../../../src-shared/config.js';

export interface SourcePage {
  records: unknown[];
  /** Position of the first record of this page within the request's result set. */
  offset: number;
  /** Total matching records when the source reports it. */
  total: number | null;
}

export interface PageRequest {
  strategy: 'full' | 'incremental';
  /** For incremental: the last cursor value fully loaded. */
  cursor?: string | null;
  /** For a resumed full sync: where to start. */
  startOffset?: number;
  signal?: AbortSignal;
}

export interface ConnectorCapabilities {
  full: true;
  incremental: boolean;
}

export interface Connector {
  readonly kind: string;
  readonly capabilities: ConnectorCapabilities;
  readonly mapping: MappingConfig;
  pages(request: PageRequest): AsyncIterable<SourcePage>;
  close?(): Promise<void>;
}

/** Resolves `${env:NAME}` / `${keychain:NAME}` references; the desktop face adds a keychain-backed resolver. */
export type SecretResolver = (ref: string, where: string) => string;
