import type { Database } from '@ai-service/db';
import { sql } from 'drizzle-orm';

/**
 * The user id and tenant of an email, in whatever tenant it is: the one cross-tenant lookup,
 * through the SECURITY DEFINER function `auth.find_login` (drizzle/0002_login_lookup.sql).
 */
export async function findLogin(db: Database, email: string): Promise<{ userId: string; tenantId: string } | undefined> {
  const result = await db.execute<{ user_id: string; tenant_id: string }>(sql`select user_id, tenant_id from auth.find_login(${email})`);
  const row = result.rows[0];
  return row && { userId: row.user_id, tenantId: row.tenant_id };
}
