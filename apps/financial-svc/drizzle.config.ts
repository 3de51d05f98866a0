import { defineConfig } from 'drizzle-kit';

// The schema is shared with worker-financial through packages/financial-domain; migrations stay here.
export default defineConfig({
  dialect: 'postgresql',
  schema: '../../packages/financial-domain/src/db/schema/index.ts',
  out: './drizzle',
  schemaFilter: ['financial'],
});
