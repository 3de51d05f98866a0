import { existsSync } from 'node:fs';
import path from 'node:path';
import { styleText } from 'node:util';
import { launcherConfigSchema, loadConfig } from '@ai-service/config';
import { serviceUrls } from './endpoints.ts';
import { fetchServiceHealth } from './health-client.ts';
import { REPO_ROOT } from './repo-root.ts';
import { SERVICES } from './services.ts';
import { allReady, renderStatusTable, summaryLine, type ServiceStatus } from './status-report.ts';

// `npm run status`: asks every service on its configured port how it is; exit 1 unless all ready.
const envFile = path.join(REPO_ROOT, '.env');
if (existsSync(envFile)) process.loadEnvFile(envFile);
const config = loadConfig(launcherConfigSchema, process.env, 'status');

const urls = serviceUrls(config);
const statuses: ServiceStatus[] = await Promise.all(
  SERVICES.map(async (service) => ({ name: service.name, url: urls[service.name], health: await fetchServiceHealth(urls[service.name]) })),
);

const color = process.stdout.isTTY && process.stdout.hasColors();
const paint = (style: Parameters<typeof styleText>[0], text: string) => (color ? styleText(style, text, { validateStream: false }) : text);
process.stdout.write(`${renderStatusTable(statuses, paint)}\n\n${summaryLine(statuses)}\n`);
process.exitCode = allReady(statuses) ? 0 : 1;
