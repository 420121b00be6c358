// The contract's names without its schemas: which methods and events exist and which methods only read. The
// UI-facing threads (the HTTP bridge of `syncflow serve`, the engine host) and the desktop's preload (bundled
// without zod: scripts/build-preload.mjs) relay calls by these names alone; the
// inputs are validated where they are answered (the engine worker, the reader thread), so those threads never
// load zod and the schema modules (~150 ms of module loading that held serve's UI thread while a catalog opened).
// `src-shared/api.ts` stays the one list of what the UI can do: its table is checked against this index at
// compile time (a method added there without its entry here, or with another `read` flag, does not build).

/** Every contract method: `read` ones only read stored data (a host may answer them from the reader thread). */
export const apiMethodKinds = {
  getStatus: 'read',
  syncNow: 'call',
  search: 'read',
  getProduct: 'read',
  getProductByCode: 'read',
  listVariants: 'read',
  listCategories: 'read',
  productHistory: 'read',
  listEntities: 'call',
  searchRecords: 'read',
  getRecord: 'read',
  getHealth: 'call',
  listRuns: 'read',
  tailLogs: 'call',
  cancelSync: 'call',
  pauseSync: 'call',
  resumeSync: 'call',
  listAlerts: 'call',
  listQuarantine: 'call',
  retryQuarantined: 'call',
  dismissQuarantined: 'call',
  listDeleteReviews: 'call',
  approveDeletes: 'call',
  rejectDeletes: 'call',
  getRun: 'call',
  queryLogs: 'call',
  getConfig: 'call',
  updateConfig: 'call',
  testSource: 'call',
  previewSchedule: 'call',
  storeCredential: 'call',
  listTargets: 'call',
  pushTargets: 'call',
  syncEntity: 'call',
  listConflicts: 'call',
  resolveConflict: 'call',
  pinField: 'call',
  unpinField: 'call',
  getProvenance: 'call',
  reportSystemState: 'call',
  getNotificationSettings: 'call',
  setNotificationSettings: 'call',
  listSecrets: 'call',
  setSecret: 'call',
  deleteSecret: 'call',
  getUpdateFeed: 'call',
} as const satisfies Record<string, 'read' | 'call'>;

/** Every contract event, in the order of the contract's table. */
export const apiEventList = ['progress', 'runFinished', 'log', 'alert', 'engineState', 'alertResolved', 'network'] as const;

export type ApiMethodName = keyof typeof apiMethodKinds;
export type ApiEventName = (typeof apiEventList)[number];
export type ReadMethodName = { [M in ApiMethodName]: (typeof apiMethodKinds)[M] extends 'read' ? M : never }[ApiMethodName];

export const apiMethodNames = Object.keys(apiMethodKinds) as ApiMethodName[];
export const apiEventNames: ApiEventName[] = [...apiEventList];
export const readMethodNames = apiMethodNames.filter((m) => apiMethodKinds[m] === 'read') as ReadMethodName[];

export function isApiMethod(name: unknown): name is ApiMethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiMethodKinds, name);
}

export function isReadMethod(name: ApiMethodName): name is ReadMethodName {
  return apiMethodKinds[name] === 'read';
}

/** IPC channel names used by the desktop face (kept here so preload and main agree). */
export const ipcChannels = { invoke: 'syncflow:invoke', event: 'syncflow:event' } as const;
