// The bundled demo vendor API is not engine code. The composition root (CLI, engine worker, tests) hands the engine
// a launcher; a `kind: demo` source is then a Ploomes source at the URL the launcher returns (registry.ts).
import type { SourceConfig } from '../../../src-shared/config.js';
import type { Logger } from '../logging/logger.js';

export interface DemoApi {
  url: string;
  userKey: string;
  size: number;
  close(): Promise<void>;
}

/** Starts the demo API (src-main/demo/demoServer.ts's startDemoServer fits). */
export type DemoLauncher = (opts: { size: number; mutationsPerMinute: number }) => Promise<DemoApi>;

/** Starts the demo API on first use by a `kind: demo` source, once per engine; closes it with the engine. */
export class DemoApiHandle {
  private starting: Promise<DemoApi> | null = null;

  constructor(
    private readonly launch: DemoLauncher | undefined,
    private readonly sources: () => readonly SourceConfig[],
    private readonly log: Logger,
  ) {}

  async get(): Promise<DemoApi | null> {
    const source = this.sources().find((s) => s.kind === 'demo');
    if (!source || source.kind !== 'demo') return null;
    if (!this.launch) {
      throw new Error(
        `source "${source.name}" (kind: demo) needs the bundled demo API, which this process was not given; ` +
          'run it from `syncflow serve`, `syncflow sync` or the desktop app, or use a ploomes source at `syncflow demo-server`',
      );
    }
    this.starting ??= this.launch({ size: source.size, mutationsPerMinute: source.mutationsPerMinute }).then((d) => {
      this.log.info(`demo source "${source.name}" serving ${d.size} products at ${d.url}`);
      return d;
    });
    return this.starting;
  }

  async close(): Promise<void> {
    await (this.starting ?? Promise.resolve(null)).then((d) => d?.close(), () => undefined);
  }
}
