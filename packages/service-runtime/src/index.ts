export { startService, type CommonConfig, type DatabaseSetup, type RunningService, type ServiceDefinition, type ServiceDeps } from './start-service.ts';
