import { eventLogTable, tenantIsolationPolicy } from '@ai-service/db';
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const authSchema = pgSchema('auth');

export const eventLog = eventLogTable(authSchema);

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const tenantId = () => uuid('tenant_id').notNull();

/** One row per tenant; its key is the tenant id itself, so the usual isolation policy applies. */
export const tenants = authSchema
  .table('tenants', { tenantId: uuid('tenant_id').primaryKey(), name: text('name').notNull(), createdAt: createdAt() }, () => [tenantIsolationPolicy()])
  .enableRLS();

/**
 * Email is unique across all tenants (login finds the tenant from the email, through the
 * `auth.find_login` function of migration 0002, the only lookup that crosses tenants).
 */
export const users = authSchema
  .table(
    'users',
    {
      id: uuid('id').primaryKey(),
      tenantId: tenantId().references(() => tenants.tenantId),
      email: text('email').notNull(),
      displayName: text('display_name'),
      /** argon2id PHC string; null until an invited user sets a password. */
      passwordHash: text('password_hash'),
      status: text('status', { enum: ['active', 'invited', 'disabled'] }).notNull(),
      failedLoginAttempts: integer('failed_login_attempts').notNull().default(0),
      lockedUntil: timestamp('locked_until', { withTimezone: true }),
      createdAt: createdAt(),
    },
    (table) => [
      uniqueIndex('users_email_unique').on(sql`lower(${table.email})`),
      unique('users_tenant_id_id_unique').on(table.tenantId, table.id),
      index('users_tenant_created_idx').on(table.tenantId, table.createdAt, table.id),
      check('users_status_check', sql`${table.status} in ('active', 'invited', 'disabled')`),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** The permission catalogue, copied into each tenant at registration (see domain/catalogue.ts). */
export const permissions = authSchema
  .table(
    'permissions',
    { tenantId: tenantId().references(() => tenants.tenantId), name: text('name').notNull(), description: text('description').notNull() },
    (table) => [primaryKey({ columns: [table.tenantId, table.name] }), tenantIsolationPolicy()],
  )
  .enableRLS();

export const roles = authSchema
  .table(
    'roles',
    { tenantId: tenantId().references(() => tenants.tenantId), name: text('name').notNull(), description: text('description').notNull() },
    (table) => [primaryKey({ columns: [table.tenantId, table.name] }), tenantIsolationPolicy()],
  )
  .enableRLS();

// Composite foreign keys carry tenant_id, so a row can never point at another tenant's row
// (foreign-key checks do not go through row-level security).
export const rolePermissions = authSchema
  .table(
    'role_permissions',
    { tenantId: tenantId(), role: text('role').notNull(), permission: text('permission').notNull() },
    (table) => [
      primaryKey({ columns: [table.tenantId, table.role, table.permission] }),
      foreignKey({ columns: [table.tenantId, table.role], foreignColumns: [roles.tenantId, roles.name] }),
      foreignKey({ columns: [table.tenantId, table.permission], foreignColumns: [permissions.tenantId, permissions.name] }),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

export const userRoles = authSchema
  .table(
    'user_roles',
    { tenantId: tenantId(), userId: uuid('user_id').notNull(), role: text('role').notNull(), createdAt: createdAt() },
    (table) => [
      primaryKey({ columns: [table.tenantId, table.userId, table.role] }),
      foreignKey({ columns: [table.tenantId, table.userId], foreignColumns: [users.tenantId, users.id] }),
      foreignKey({ columns: [table.tenantId, table.role], foreignColumns: [roles.tenantId, roles.name] }),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/**
 * Only the SHA-256 of each refresh token is stored. Tokens of one sign-in form a family (each
 * rotation adds a child); presenting a used or revoked one revokes the whole family.
 */
export const refreshTokens = authSchema
  .table(
    'refresh_tokens',
    {
      id: uuid('id').primaryKey(),
      tenantId: tenantId(),
      userId: uuid('user_id').notNull(),
      familyId: uuid('family_id').notNull(),
      parentId: uuid('parent_id'),
      tokenHash: text('token_hash').notNull(),
      createdAt: createdAt(),
      expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
      usedAt: timestamp('used_at', { withTimezone: true }),
      revokedAt: timestamp('revoked_at', { withTimezone: true }),
    },
    (table) => [
      uniqueIndex('refresh_tokens_hash_unique').on(table.tokenHash),
      index('refresh_tokens_family_idx').on(table.tenantId, table.familyId),
      index('refresh_tokens_user_idx').on(table.tenantId, table.userId),
      foreignKey({ columns: [table.tenantId, table.userId], foreignColumns: [users.tenantId, users.id] }),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/** One-time invitation tokens, stored as SHA-256 only. */
export const invitations = authSchema
  .table(
    'invitations',
    {
      id: uuid('id').primaryKey(),
      tenantId: tenantId(),
      userId: uuid('user_id').notNull(),
      tokenHash: text('token_hash').notNull(),
      invitedBy: uuid('invited_by').notNull(),
      createdAt: createdAt(),
      expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
      acceptedAt: timestamp('accepted_at', { withTimezone: true }),
      revokedAt: timestamp('revoked_at', { withTimezone: true }),
    },
    (table) => [
      uniqueIndex('invitations_hash_unique').on(table.tokenHash),
      foreignKey({ columns: [table.tenantId, table.userId], foreignColumns: [users.tenantId, users.id] }),
      tenantIsolationPolicy(),
    ],
  )
  .enableRLS();

/**
 * Token signing keys. Not tenant data: one key set signs the tokens of every tenant, so this table
 * has no tenant_id and no row-level security. The private key is stored only encrypted
 * (AES-256-GCM under AUTH_KEY_ENCRYPTION_KEY, see keys/key-crypto.ts).
 */
export const signingKeys = authSchema.table('signing_keys', {
  kid: text('kid').primaryKey(),
  publicJwk: jsonb('public_jwk').notNull(),
  encryptedPrivateKey: text('encrypted_private_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
});
