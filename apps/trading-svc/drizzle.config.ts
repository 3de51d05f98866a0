import { defineConfig } from 'drizzle-kit';

// The trading schema is declared in packages/trading-domain (shared with worker-trading); its
// migrations are trading-svc's, which applies them at boot.
export default defineConfig({
  dialect: 'postgresql',
  schema: '../../packages/trading-domain/src/db/schema/index.ts',
  out: './drizzle',
  schemaFilter: ['trading'],
});
