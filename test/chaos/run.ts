// `npm run chaos -- --size 50000 --kills 50 --seed 7 --duration 1800`: the chaos soak (soak.ts), figures on stdout.
// Needs the built CLI (`npm run chaos` builds it first).
import { parseArgs } from 'node:util';
import { formatReport, runSoak } from './soak.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '50000' },
    kills: { type: 'string', default: '50' },
    seed: { type: 'string', default: '20261202' },
    duration: { type: 'string', default: '0' },
    'fault-rate': { type: 'string', default: '0.06' },
    'no-baseline': { type: 'boolean', default: false },
  },
});

function num(name: keyof typeof values, min: number, max: number): number {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < min || n > max) {
    process.stderr.write(`--${name}: expected a number from ${min} to ${max}, got "${String(values[name])}"\n`);
    process.exit(2);
  }
  return n;
}

const report = await runSoak({
  size: num('size', 100, 5_000_000),
  kills: num('kills', 0, 10_000),
  seed: num('seed', 0, 2 ** 32 - 1),
  durationMs: num('duration', 0, 86_400) * 1000,
  faultRate: num('fault-rate', 0, 0.5),
  baseline: !values['no-baseline'],
  log: (line) => process.stderr.write(`${line}\n`),
});
for (const line of formatReport(report)) process.stdout.write(`${line}\n`);
const v = report.verdict;
const t = report.push.verdict;
const bad = v.lost + v.duplicated + v.wronglyDeleted + v.wronglyKept + v.stale + t.lost + t.stale + t.extra + t.appliedTwice;
process.exitCode = bad === 0 && v.integrity === 'ok' ? 0 : 1;
