export {
  buildService,
  startService,
  type BuiltService,
  type Closer,
  type CommonConfig,
  type DatabaseSetup,
  type RegisterResult,
  type ServiceDefinition,
  type ServiceDeps,
} from './start-service.ts';
