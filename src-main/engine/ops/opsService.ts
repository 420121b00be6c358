// The engine side of the operator screens' contract methods (src-shared/opsApi.ts): Problems, run detail and
// logs here, Settings in settings.ts. The Engine delegates to it one line per method.
import { ApiInputError, type MethodResult, type ParsedInput } from '../../../src-shared/api.js';
import type { ErrorClass } from '../../../src-shared/domain.js';
import type { RunRetry } from '../../../src-shared/opsTypes.js';
import { explainRun } from '../../../src-shared/runExplanation.js';
import type { Logger } from '../logging/logger.js';
import { decodeCursor, logFiles, queryLogFiles } from '../logging/logFiles.js';
import { filterLines, runLinesFromFiles } from '../logging/logQuery.js';
import type { ReviewStore } from '../store/reviewStore.js';
import type { RunStore } from '../store/runStore.js';
import { Problems, type ProblemsHost } from './problems.js';

const RING = 2000;
const retryLine = /^retry (\d+)\/\d+ in \d+ ms from record \d+ after \[([a-z-]+)\] (.*)$/s;

export interface OpsHost extends ProblemsHost {
  runs: RunStore;
  reviews: ReviewStore;
  log: Logger;
  checkSource: (method: string, source: string | undefined) => void;
}

export class OpsService {
  readonly problems: Problems;

  constructor(private readonly h: OpsHost) {
    this.problems = new Problems(h);
  }

  async listQuarantine(i: ParsedInput<'listQuarantine'>): Promise<MethodResult<'listQuarantine'>> {
    return this.h.reviews.openQuarantine({
      limit: i.limit,
      offset: i.offset,
      ...(i.source ? { source: i.source } : {}),
    });
  }

  async retryQuarantined(i: ParsedInput<'retryQuarantined'>): Promise<MethodResult<'retryQuarantined'>> {
    this.h.checkSource('retryQuarantined', i.source);
    if (!i.all && (i.ids?.length ?? 0) === 0) throw new ApiInputError('retryQuarantined', ['ids: give the entries to retry, or all: true']);
    return this.problems.retry(i.all ? 'all' : (i.ids ?? []), i.source);
  }

  async dismissQuarantined(i: ParsedInput<'dismissQuarantined'>): Promise<MethodResult<'dismissQuarantined'>> {
    return { dismissed: this.problems.dismiss(i.ids) };
  }

  async listDeleteReviews(i: ParsedInput<'listDeleteReviews'>): Promise<MethodResult<'listDeleteReviews'>> {
    return this.h.reviews.reviews({ status: i.status, limit: i.limit, ...(i.source ? { source: i.source } : {}) });
  }

  async approveDeletes(i: ParsedInput<'approveDeletes'>): Promise<MethodResult<'approveDeletes'>> {
    return this.problems.approve(i.runId);
  }

  async rejectDeletes(i: ParsedInput<'rejectDeletes'>): Promise<MethodResult<'rejectDeletes'>> {
    return this.problems.reject(i.runId);
  }

  async getRun(i: ParsedInput<'getRun'>): Promise<MethodResult<'getRun'>> {
    const run = this.h.runs.get(i.id);
    if (!run) return null;
    const { log } = this.h;
    let logs = filterLines(log.tail(RING), { runId: run.id }, i.logLimit);
    if (log.file) {
      log.flush?.();
      const fromFile = await runLinesFromFiles(log.file, log.keepFiles ?? 5, run.id, i.logLimit);
      if (fromFile.length >= logs.length) logs = fromFile;
    }
    const explanation = this.h.runs.explanation(run.id);
    const retries: RunRetry[] = [];
    for (const l of logs) {
      const m = retryLine.exec(l.msg);
      if (m) retries.push({ at: l.time, attempt: Number(m[1]), errorClass: m[2] as ErrorClass, message: m[3]! });
    }
    return {
      run,
      quarantined: this.h.reviews.ofRun(run.id),
      retries,
      logs,
      deleteReview: this.h.reviews.reviews({ runId: run.id, limit: 200 })[0] ?? null,
      explanation,
      explanationText: explanation ? explainRun(explanation) : [],
    };
  }

  async queryLogs(i: ParsedInput<'queryLogs'>): Promise<MethodResult<'queryLogs'>> {
    const { log } = this.h;
    const filter = {
      ...(i.level ? { level: i.level } : {}),
      ...(i.source ? { source: i.source } : {}),
      ...(i.runId ? { runId: i.runId } : {}),
      ...(i.text ? { text: i.text } : {}),
      ...(i.beforeSeq ? { beforeSeq: i.beforeSeq } : {}),
    };
    const file = log.file ?? null;
    const where = { logFile: file, logDir: file ? file.replace(/[\\/][^\\/]+$/, '') : null };
    if (file) {
      const cursor = i.cursor ? decodeCursor(i.cursor) : undefined;
      if (cursor === null) throw new ApiInputError('queryLogs', ['cursor: use the `next` of a previous answer, or leave it out']);
      log.flush?.();
      const page = await queryLogFiles(logFiles(file, log.keepFiles ?? 5), filter, i.limit, cursor);
      return { ...page, ...where, from: 'files' };
    }
    const before = i.cursor ? /^m(\d+)$/.exec(i.cursor)?.[1] : undefined;
    const lines = filterLines(log.tail(RING), { ...filter, ...(before ? { beforeSeq: Number(before) } : {}) }, i.limit + 1);
    const more = lines.length > i.limit;
    const page = more ? lines.slice(1) : lines;
    return { lines: page, ...where, from: 'memory', ...(more && page[0] ? { next: `m${page[0].seq}` } : {}) };
  }
}
