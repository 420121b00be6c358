// In-process event stream of the engine; every face (IPC, SSE, CLI) subscribes here.
import { EventEmitter } from 'node:events';
import type { ApiEventName, EventListener, EventPayload, EventSubscriber } from '../../src-shared/api.js';

export class EngineEvents implements EventSubscriber {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open UI window and SSE client is a listener; the default warning at 10 is noise here.
    this.emitter.setMaxListeners(0);
  }

  on<E extends ApiEventName>(event: E, listener: EventListener<E>): () => void {
    this.emitter.on(event, listener as (payload: unknown) => void);
    return () => this.emitter.off(event, listener as (payload: unknown) => void);
  }

  emit<E extends ApiEventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload);
  }
}
