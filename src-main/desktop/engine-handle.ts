// What the desktop glue needs from the engine: the contract plus its event stream. Typed structurally so the
// glue does not depend on the Engine class (and tests can pass a small fake).
import type { EventSubscriber, SyncAgentApi } from '../../src-shared/api.js';

export type EngineHandle = SyncAgentApi & { readonly events: EventSubscriber };
