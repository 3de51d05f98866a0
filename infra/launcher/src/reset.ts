import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { launcherConfigSchema, loadConfig } from '@ai-service/config';
import { reasonNotToWipe } from './data-dir-guard.ts';
import { REPO_ROOT } from './repo-root.ts';

// `npm run reset [-- --yes]`: deletes <DATA_DIR> (embedded database included) after confirmation.
const { values } = parseArgs({ options: { yes: { type: 'boolean', short: 'y', default: false } } });
const envFile = path.join(REPO_ROOT, '.env');
if (existsSync(envFile)) process.loadEnvFile(envFile);
const config = loadConfig(launcherConfigSchema, process.env, 'reset');
const dataDir = path.resolve(REPO_ROOT, config.DATA_DIR);

process.exitCode = await reset(dataDir, values.yes);

async function reset(folder: string, confirmed: boolean): Promise<number> {
  if (!existsSync(folder)) {
    console.log(`${folder} does not exist; nothing to reset.`);
    return 0;
  }
  const refusal = await reasonNotToWipe(folder, REPO_ROOT);
  if (refusal !== undefined) {
    console.error(`reset: ${refusal}.`);
    return 1;
  }
  if (!confirmed && !(await confirm(`Delete ${folder} and everything in it, including the embedded database? [y/N] `))) {
    console.log('Nothing deleted.');
    return confirmed || process.stdin.isTTY ? 0 : 1;
  }
  await rm(folder, { recursive: true, force: true });
  console.log(`Deleted ${folder}.`);
  return 0;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    console.error('reset: not a terminal, cannot ask for confirmation; pass --yes (npm run reset -- --yes).');
    return false;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
