import type { Transaction } from '@ai-service/db';
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { users } from '../db/schema.ts';

export type UserRow = typeof users.$inferSelect;
export type UserStatus = UserRow['status'];

/** Inserts the user unless the email is taken (in any tenant); then returns undefined. */
export async function insertUser(
  tx: Transaction,
  row: { id: string; tenantId: string; email: string; displayName: string | null; passwordHash: string | null; status: UserStatus; createdAt: Date },
): Promise<UserRow | undefined> {
  const [inserted] = await tx.insert(users).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function findUser(tx: Transaction, userId: string, { forUpdate = false } = {}): Promise<UserRow | undefined> {
  const query = tx.select().from(users).where(eq(users.id, userId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findUserByEmail(tx: Transaction, email: string): Promise<UserRow | undefined> {
  const [row] = await tx.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return row;
}

export async function updateUser(
  tx: Transaction,
  userId: string,
  changes: Partial<Pick<UserRow, 'status' | 'passwordHash' | 'displayName' | 'failedLoginAttempts' | 'lockedUntil'>>,
): Promise<UserRow> {
  const [row] = await tx.update(users).set(changes).where(eq(users.id, userId)).returning();
  return row!;
}

/** A keyset position in the newest-first user list; createdAt keeps Postgres' microseconds. */
export type UserCursor = { createdAt: string; id: string };

const createdAtText = sql<string>`to_char(${users.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export async function listUsersPage(tx: Transaction, limit: number, after: UserCursor | undefined): Promise<{ rows: UserRow[]; last: UserCursor | undefined; more: boolean }> {
  const rows = await tx
    .select({ user: users, createdAtText })
    .from(users)
    .where(after ? or(lt(users.createdAt, sql`${after.createdAt}::timestamptz`), and(eq(users.createdAt, sql`${after.createdAt}::timestamptz`), lt(users.id, after.id))) : undefined)
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const lastRow = page.at(-1);
  return { rows: page.map((row) => row.user), last: lastRow && { createdAt: lastRow.createdAtText, id: lastRow.user.id }, more: rows.length > limit };
}
