export { loadConfig, parseConfig, type ConfigProblem, type ConfigResult } from './load.ts';
export {
  allConfigSchemas,
  launcherConfigSchema,
  serviceConfigSchemas,
  testingConfigSchema,
  type LauncherConfig,
  type ServiceConfig,
  type ServiceName,
  type TestingConfig,
} from './services.ts';
export { ports, type PortVariable } from './parts.ts';
