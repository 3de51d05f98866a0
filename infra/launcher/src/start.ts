import { existsSync } from 'node:fs';
import path from 'node:path';
import { launcherConfigSchema, loadConfig } from '@ai-service/config';
import { runLauncher } from './launcher.ts';
import { REPO_ROOT } from './repo-root.ts';

// `npm start`: the whole platform in one terminal. Variables already set win over .env.
const envFile = path.join(REPO_ROOT, '.env');
if (existsSync(envFile)) process.loadEnvFile(envFile);
const config = loadConfig(launcherConfigSchema, process.env, 'launcher');

const exitCode = await runLauncher({
  config,
  repoRoot: REPO_ROOT,
  baseEnv: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  color: process.stdout.isTTY && process.stdout.hasColors(),
});
process.exit(exitCode);
