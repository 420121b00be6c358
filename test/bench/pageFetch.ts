// Pages through the demo vendor API the way the Ploomes connector asks (same query, page size 300, `$top/$skip`,
// User-Key header, one request ahead while the current page is handled) with got and JSON.parse only: no mapping,
// no database. Used for the fetch + parse baseline and to write the peer's NDJSON file.
import got from 'got';
import { ploomesProductMapping, selectFor } from '../../src-main/engine/connectors/ploomes.js';

export const PAGE_SIZE = 300;

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
    $select: selectFor(ploomesProductMapping),
    $top: String(PAGE_SIZE),
  };
  const get = (skip: number) =>
    got.get(`${baseUrl}/Products`, {
      headers: { accept: 'application/json', 'User-Key': userKey },
      searchParams: { ...query, $skip: String(skip) },
      responseType: 'text',
      retry: { limit: 0 },
    });
  let records = 0;
  let requests = 0;
  let bytes = 0;
  let pending = get(0);
  for (let skip = 0; ; ) {
    const res = await pending;
    requests++;
    const body = JSON.parse(res.body) as { value: unknown[]; '@odata.count': number };
    bytes += res.body.length;
    const page = body.value;
    skip += page.length;
    const more = page.length === PAGE_SIZE && skip < Math.min(n, body['@odata.count']);
    if (more) pending = get(skip);
    records += page.length;
    await onPage(page);
    if (!more) break;
  }
  return { records, requests, bytes };
}
