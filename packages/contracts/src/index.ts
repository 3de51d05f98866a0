export * from './generated/clients.ts';
export { openapiSpecs } from './generated/specs.ts';
