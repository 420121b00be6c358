// Entry of the fresh process that runs the engine for the sync figures (see engineRuns.ts): takes its input as JSON
// in argv, answers with the measurements over IPC, exits.
import { engineRuns, type EngineRunsInput } from './engineRuns.js';

const input = JSON.parse(process.argv[2] ?? '{}') as EngineRunsInput;
const reply = (message: unknown) => process.send!(message, () => process.exit(0));
engineRuns(input).then(
  (result) => reply({ ok: true, result }),
  (err: unknown) => reply({ ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
);
