// The contract every source connector meets. Records stream page by page with a resumable position, so the
// pipeline never holds a whole catalog in memory. See CONNECTORS.md.
import type { MappingConfig } from '../../../src-shared/config.js';
import type { PaceExplanation } from '../../../src-shared/runExplanation.js';
import type { PaceRunSettings } from './pacer.js';

export interface SourcePage {
  /** The records; their JSON bytes (Buffers) instead when `raw` is set. */
  records: unknown[];
  /** The records are their JSON bytes as the source sent them (asked for with PageRequest.raw). */
  raw?: boolean;
  /** Position of the first record of this page within the request's result set; resuming passes the end of a page. */
  offset: number;
  /** Total matching records when the source reports it. */
  total: number | null;
  /** The vendor's clock when it answered (HTTP Date), for the pass's watermark. */
  vendorTime?: string;
  /** Something the run should say about how the source was read (a page size the vendor caps). */
  note?: string;
  /** Keyset paging: the key of the page's last record; a resumed pass continues after it. */
  lastKey?: string;
}

export interface PageRequest {
  strategy: 'full' | 'incremental';
  /** For incremental: the last cursor value fully loaded (ISO 8601). */
  cursor?: string | null;
  /** For a resumed full sync: how many records of the result set are already loaded. */
  startOffset?: number;
  /** Keyset paging: the last key already loaded (resumes after it instead of skipping `startOffset` records). */
  startKey?: string | null;
  /** An OData `$filter` clause the source ANDs into its own (a segment it can evaluate: segments/segments.ts). */
  filter?: string;
  signal?: AbortSignal;
  /**
   * Hand records over as their JSON bytes where the connector can split a page without parsing it (REST pages
   * whose records are the body or an array under one top-level key); pages it cannot split come parsed.
   */
  raw?: boolean;
}

export interface ConnectorCapabilities {
  full: true;
  /** Can fetch only what changed since a cursor. */
  incremental: boolean;
  /** Can fetch given records by id (real-time refresh of a few records). */
  fetchByIds?: boolean;
  /** Can list records deleted since a cursor. */
  deletes?: boolean;
  /** Can write records back to the source. */
  writeBack?: boolean;
}

export interface Traffic {
  requests: number;
  bytes: number;
}

export interface Connector {
  readonly kind: string;
  readonly capabilities: ConnectorCapabilities;
  /** How a record of this source becomes a catalog product, with its validation rules. */
  readonly mapping: MappingConfig;
  pages(request: PageRequest): AsyncIterable<SourcePage>;
  /** Why an incremental sync from this cursor should be a full one instead (cursor too old), or null. */
  fullSyncReason?(cursor: string, now: Date): string | null;
  fetchByIds?(ids: string[], signal?: AbortSignal): Promise<unknown[]>;
  /** Whether fetchByIds can ask for this id (ids it cannot put in a query are never proven deleted by it). */
  fetchableId?(id: string): boolean;
  /**
   * The listing cannot skip a record that exists throughout the pass (keyset or snapshot paging), so absence from
   * it proves a delete. `resumed`: the pass restarted part-way (token kinds then skip records by count).
   */
  stableListing?(resumed: boolean): boolean;
  /** Ids deleted at the source since the cursor, page by page. */
  deletedSince?(cursor: string, signal?: AbortSignal): AsyncIterable<string[]>;
  write?(records: unknown[], signal?: AbortSignal): Promise<void>;
  /** The source's adaptive pace (HTTP sources): a run begins it with its retry policy and records what it did. */
  readonly pacer?: { beginRun(settings: PaceRunSettings): void; explain(): PaceExplanation | null };
  /** Requests made and response bytes received since the connector was built; a run records its difference. */
  readonly traffic?: Traffic;
  close?(): Promise<void>;
}

/** Resolves `${env:NAME}` / `${keychain:NAME}` references; the desktop face adds a keychain-backed resolver. */
export type SecretResolver = (ref: string, where: string) => string;
