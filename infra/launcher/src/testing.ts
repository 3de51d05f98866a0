export { isolatedLauncherEnv, spawnLauncher, type LauncherRun } from './launcher-process.ts';
export { ALL_READY_PATTERN } from './ready-table.ts';
