// `syncflow validate-config [--probe]`: the schema, then every secret reference resolved as a sync would resolve
// it (exit 2 naming the field), then with --probe one request per Ploomes source (its account check).
import { checkSecrets } from './engine/config/checkSecrets.js';
import { ConfigError } from './engine/config/configError.js';
import { loadConfig } from './engine/config/loadConfig.js';
import { describeAccountCheck, ploomesAccountCheck } from './engine/connectors/ploomesProbe.js';
import { classifyError } from './engine/errors.js';
import { scheduleProblems } from './engine/scheduler/scheduler.js';

export async function validateConfigCommand(dataDir: string, configPath: string | undefined, probe: boolean): Promise<number> {
  const loaded = loadConfig(dataDir, configPath);
  const { config } = loaded;
  const secrets = checkSecrets(config);
  const problems = [...scheduleProblems(config.sources), ...secrets.problems];
  if (problems.length > 0) throw new ConfigError(problems, loaded.file ?? undefined);
  process.stdout.write(
    loaded.file
      ? `${loaded.file}: valid (${config.sources.length} source(s): ${config.sources.map((s) => s.name).join(', ')})\n`
      : 'no configuration file; the bundled demo source will be used\n',
  );
  for (const at of secrets.unchecked) process.stdout.write(`  ${at}: a keychain reference; the desktop app checks it\n`);
  if (!probe) return 0;
  let failed = false;
  for (const [i, source] of config.sources.entries()) {
    if (source.kind !== 'ploomes') {
      process.stdout.write(`${source.name}: no account check for kind ${source.kind}\n`);
      continue;
    }
    try {
      const check = await ploomesAccountCheck(source, `sources[${i}]`);
      process.stdout.write(describeAccountCheck(source.name, check).join('\n') + '\n');
    } catch (err) {
      const e = classifyError(err);
      process.stderr.write(`${source.name}: account check failed [${e.class}]: ${e.message}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
