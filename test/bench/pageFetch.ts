// Pages through the demo vendor API the way the Ploomes connector asks (same query, page size 300, `$top/$skip`,
// User-Key header, as many requests in flight while the current page is handled) with got and JSON.parse only: no
// mapping, no database. Used for the fetch + parse baseline and to write the peer's NDJSON file.
import got from 'got';
import { Agent } from 'node:http';
import { PLOOMES_PREFETCH, demoAccountMapping, selectFor } from '../../src-main/engine/connectors/ploomes.js';

export const PAGE_SIZE = 300;
const PREFETCH = PLOOMES_PREFETCH;

export interface FetchOutcome {
  records: number;
  requests: number;
  bytes: number;
}

export async function fetchAllPages(
  baseUrl: string,
  userKey: string,
  n: number,
  onPage: (records: unknown[]) => void | Promise<void> = () => undefined,
): Promise<FetchOutcome> {
  const query = {
    $orderby: 'Id',
    $count: 'true',
    $expand: 'OtherProperties,Family,Group',
    $select: selectFor(demoAccountMapping),
    $top: String(PAGE_SIZE),
  };
  // Connections of this pass only: a socket left in a shared pool while the bench's thread is busy for a minute (the
  // DB ingest limit) is closed by the server meanwhile, and the next pass's first request on it failed (EPIPE).
  const agent = new Agent({ keepAlive: true });
  const get = (skip: number) =>
    got.get(`${baseUrl}/Products`, {
      headers: { accept: 'application/json', 'User-Key': userKey },
      searchParams: { ...query, $skip: String(skip) },
      responseType: 'text',
      retry: { limit: 0 },
      agent: { http: agent },
    });
  try {
    return await pages(get, n, onPage);
  } finally {
    agent.destroy();
  }
}

async function pages(
  get: (skip: number) => Promise<{ body: string }>,
  n: number,
  onPage: (records: unknown[]) => void | Promise<void>,
): Promise<FetchOutcome> {
  let records = 0;
  let requests = 0;
  let bytes = 0;
  // As many requests in flight as the Ploomes connector keeps (request.prefetch), once the total is known.
  const inFlight: Promise<{ body: string }>[] = [get(0)];
  let total = Infinity;
  let asked = 0;
  for (let skip = 0; ; ) {
    const res = await inFlight.shift()!;
    requests++;
    const body = JSON.parse(res.body) as { value: unknown[]; '@odata.count': number };
    bytes += res.body.length;
    total = Math.min(n, body['@odata.count']);
    const page = body.value;
    skip += page.length;
    const more = page.length === PAGE_SIZE && skip < total;
    if (!more) inFlight.length = 0;
    asked = Math.max(asked, skip);
    while (more && inFlight.length < PREFETCH && asked < total) {
      inFlight.push(get(asked));
      asked += PAGE_SIZE;
    }
    records += page.length;
    await onPage(page);
    if (!more) break;
  }
  return { records, requests, bytes };
}
