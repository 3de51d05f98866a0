export { createTestDatabase, type TestDatabase } from './database.ts';
export { requireTestDatabaseUrl, testConfig } from './env.ts';
export { freePort } from './ports.ts';
export { repoRoot, runScript, startServiceProcess, type RunningProcess } from './process.ts';
export { waitFor } from './wait.ts';
export { assertRoutesMatchSpec } from './routes.ts';
export { createTokenIssuer, serveJwks, type TokenClaims, type TokenIssuer } from './token-issuer.ts';
