// The contract as the desktop window sees it: the engine's methods, except the secret ones, which only the
// Electron main process can serve (safeStorage lives there, not in the engine or its worker). After a change the
// engine gets the new set of values (`onChange`: the engine host's updateSecrets), so a replaced key is used by
// the next connection.
import type { MethodResult, ParsedInput, SyncAgentApi } from '../../src-shared/api.js';
import type { EngineHandle } from './engine-handle.js';
import type { SecretStore } from './secretStore.js';

type SecretMethods = Pick<SyncAgentApi, 'listSecrets' | 'setSecret' | 'deleteSecret'>;

export function secretMethods(store: SecretStore, onChange: (snapshot: Record<string, string>) => void = () => {}): SecretMethods {
  const changed = <T>(result: T): T => {
    onChange(store.snapshot());
    return result;
  };
  return {
    listSecrets: async (): Promise<MethodResult<'listSecrets'>> => store.info(),
    setSecret: async (input: ParsedInput<'setSecret'>) => changed(store.set(input.name, input.value, input.allowWeakStorage)),
    deleteSecret: async (input: ParsedInput<'deleteSecret'>) => changed(store.delete(input.name)),
  };
}

export function withDesktopMethods(engine: EngineHandle, own: SecretMethods): EngineHandle {
  return new Proxy(engine, {
    get(target, prop) {
      if (typeof prop === 'string' && Object.prototype.hasOwnProperty.call(own, prop)) return own[prop as keyof SecretMethods];
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
