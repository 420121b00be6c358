// What the machine around the agent is doing (network gone, about to sleep) and what that means for runs:
// automatic runs wait, a run that met the network gone is recorded as skipped (not failed: no breaker, no
// run-failed alert) and its job queued again, and runs cut short by sleep resume on wake from their checkpoint.
import type { NetworkStatus, SyncRun } from '../../../src-shared/domain.js';
import type { Logger } from '../logging/logger.js';
import type { Job } from '../queue/jobQueue.js';
import type { RunStore } from '../store/runStore.js';
import { isConnectFailure, NetworkState, type NetworkProbe } from './networkState.js';

export interface AgentConditionsOptions {
  probe: NetworkProbe;
  now: () => number;
  runs: RunStore;
  log: Logger;
  onNetwork: (status: NetworkStatus, outageMs: number) => void;
}

export const OFFLINE_PREFIX = 'offline: ';

export class AgentConditions {
  readonly network: NetworkState;
  private sleeping = false;
  /** Sources whose run was stopped for sleep; their jobs go back to the queue. */
  private readonly interrupted = new Set<string>();

  constructor(private readonly opts: AgentConditionsOptions) {
    this.network = new NetworkState({
      probe: opts.probe,
      now: opts.now,
      onChange: (status, outageMs) => {
        if (status.online) opts.log.info(`back online after ${Math.round(outageMs / 1000)} s; waiting runs start`);
        else opts.log.warn(`offline (${status.reason ?? 'no network'}); automatic runs wait for the network`);
        opts.onNetwork(status, outageMs);
      },
    });
  }

  get suspended(): boolean {
    return this.sleeping;
  }

  holdAutomatic(): boolean {
    return this.sleeping || this.network.offline;
  }

  /** Sleep begins: `stopRunning` aborts the runs in flight (each stops after committing its current page). */
  suspend(stopRunning: () => string[]): void {
    if (this.sleeping) return;
    this.sleeping = true;
    for (const source of stopRunning()) this.interrupted.add(source);
    this.opts.log.info('the machine is going to sleep; runs stop after their current page and resume on wake');
  }

  wake(): void {
    if (!this.sleeping) return;
    this.sleeping = false;
    this.opts.log.info('the machine woke up; missed schedules run once');
  }

  /** A run that failed to connect while the network is gone becomes a skipped run marked offline. */
  async settle(run: SyncRun): Promise<SyncRun> {
    if (!isConnectFailure(run) || !(await this.network.confirmOffline(run.error?.message ?? 'connect failed'))) return run;
    const { runs } = this.opts;
    return runs.finish(run.id, 'skipped', run.pages, run.counts, run.finishedAt ?? new Date(this.opts.now()).toISOString(),
      { class: 'network', message: `${OFFLINE_PREFIX}${run.error?.message ?? 'no network'}` },
      { requests: run.requests, bytes: run.bytes, ...(run.retries !== undefined ? { retries: run.retries } : {}) });
  }

  /** Whether the job of this finished run goes back to the queue instead of reporting the run as its outcome. */
  retryLater(job: Job, run: SyncRun): boolean {
    if (this.interrupted.delete(job.source) && run.status === 'cancelled') return true;
    return run.status === 'skipped' && run.error?.message.startsWith(OFFLINE_PREFIX) === true;
  }
}
