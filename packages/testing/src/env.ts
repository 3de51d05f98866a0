import { loadConfig, testingConfigSchema, type TestingConfig } from '@ai-service/config';

/** Test configuration, parsed once per test process (set by scripts/test.ts or the caller). */
export const testConfig: TestingConfig = loadConfig(testingConfigSchema, process.env, 'tests');

export function requireTestDatabaseUrl(): string {
  if (!testConfig.TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`');
  return testConfig.TEST_DATABASE_URL;
}
