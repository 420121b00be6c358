// The agent's view of the network. A run that fails to connect while a cheap probe (or the desktop's hint from
// the OS) says there is no network puts the agent offline: automatic runs then wait in the queue instead of
// failing one after another, the failure does not count against the source's breaker or raise run-failed
// alerts, and the agent comes back by itself when the probe (checked each tick) or the hint sees the network.
import { networkInterfaces } from 'node:os';
import type { NetworkStatus, SyncRun } from '../../../src-shared/domain.js';

/** Resolves true when the machine looks connected. Must be cheap: it runs after failed connects and each tick. */
export type NetworkProbe = () => Promise<boolean>;

/** Connected when some interface other than loopback has an address that is not link-local. */
export const interfaceProbe: NetworkProbe = async () =>
  Object.values(networkInterfaces()).some((list) =>
    (list ?? []).some((a) => !a.internal && !a.address.startsWith('fe80:') && !a.address.startsWith('169.254.')),
  );

/** Failures that can mean "no network" (a refused or unreachable connect, a DNS failure, a timeout). */
export function isConnectFailure(run: SyncRun): boolean {
  return run.status === 'failed' && (run.error?.class === 'network' || run.error?.class === 'timeout');
}

export interface NetworkStateOptions {
  probe: NetworkProbe;
  now: () => number;
  /** Called on every change; `outageMs` is how long the agent was offline when it comes back. */
  onChange: (status: NetworkStatus, outageMs: number) => void;
}

export class NetworkState {
  private since: number | null = null;
  private why: string | null = null;
  /** The OS's last word (desktop: Electron's net.isOnline); null when no face reports one (serve, CLI). */
  private hinted: boolean | null = null;

  constructor(private readonly opts: NetworkStateOptions) {}

  get offline(): boolean {
    return this.since !== null;
  }

  status(): NetworkStatus {
    return {
      online: this.since === null,
      offlineSince: this.since === null ? null : new Date(this.since).toISOString(),
      reason: this.why,
    };
  }

  /** "No network" from the OS is believed at once; "network" is checked with the probe before runs start again. */
  async hint(online: boolean): Promise<NetworkStatus> {
    this.hinted = online;
    if (!online) this.goOffline('the system reports no network connection');
    else await this.recheck();
    return this.status();
  }

  /** After a failed connect: whether the agent is (now) offline, so the failure is the network's, not the source's. */
  async confirmOffline(reason: string): Promise<boolean> {
    if (this.offline) return true;
    if (this.hinted === false || !(await this.probe())) {
      this.goOffline(reason);
      return true;
    }
    return false;
  }

  /** While offline: comes back online when the hint allows it and the probe passes. Returns whether online. */
  async recheck(): Promise<boolean> {
    if (!this.offline) return true;
    if (this.hinted === false || !(await this.probe())) return false;
    const outage = this.opts.now() - (this.since ?? this.opts.now());
    this.since = null;
    this.why = null;
    this.opts.onChange(this.status(), outage);
    return true;
  }

  private async probe(): Promise<boolean> {
    try {
      return await this.opts.probe();
    } catch {
      return false;
    }
  }

  private goOffline(reason: string): void {
    if (this.since !== null) return;
    this.since = this.opts.now();
    this.why = reason;
    this.opts.onChange(this.status(), 0);
  }
}
