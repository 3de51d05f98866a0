export { buildHttpApp, type HttpAppOptions, type RouteEntry } from './app.ts';
export { problem, sendProblem, PROBLEM_CONTENT_TYPE, type ErrorMapper, type FieldError, type Problem } from './problem.ts';
export { exitGracefully, type ShutdownOptions } from './shutdown.ts';
export type { ServiceIdentity } from './health-routes.ts';
export {
  fastifyPath,
  KIT_PATHS,
  operationSchema,
  type Operation,
  registerSpecRoutes,
  specOperations,
  type OpenApiDocument,
  type OperationConfig,
  type OperationHandler,
  type SpecOperation,
} from './spec-routes.ts';
