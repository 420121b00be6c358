// got loads with the first request, not with the engine: importing it cost ~0.27 s of CPU on the engine worker's
// start-up path (the time to the first getStatus), where nothing is fetched yet. Its error classes are tested
// through the loaded module: no got error can exist before got has been loaded here.
import type * as Got from 'got';

let loaded: typeof Got | undefined;

export async function loadGot(): Promise<typeof Got.default> {
  loaded ??= await import('got');
  return loaded.default;
}

export function isHTTPError(err: unknown): err is Got.HTTPError {
  return loaded !== undefined && err instanceof loaded.HTTPError;
}

export function isTimeoutError(err: unknown): err is Got.TimeoutError {
  return loaded !== undefined && err instanceof loaded.TimeoutError;
}

export function isRequestError(err: unknown): err is Got.RequestError {
  return loaded !== undefined && err instanceof loaded.RequestError;
}
