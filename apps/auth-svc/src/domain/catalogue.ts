import type { AuthComponents } from '@ai-service/contracts';

export type Permission = AuthComponents['schemas']['Permission'];
export type RoleName = AuthComponents['schemas']['RoleName'];

/** Every permission of openapi/auth.yaml (the compiler rejects a missing or unknown one). */
export const PERMISSIONS = {
  'financial:read': 'Read accounts, transactions and invoices',
  'financial:write': 'Create and change accounts, transactions and invoices',
  'trading:read': 'Read portfolios, orders and market data',
  'trading:trade': 'Place and cancel paper-trading orders',
  'trading:live': 'Trade with real money on a live broker account',
  'comm:read': 'Read messages and alerts',
  'comm:write': 'Send messages and manage alerts',
  'ai:use': 'Use AI categorization and assistants',
  'admin:users': 'Invite and disable users, grant and revoke roles',
  'admin:system': 'Change tenant-wide settings and integrations',
} as const satisfies Record<Permission, string>;

const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/** Permissions only an owner holds: real-money trading and tenant-wide settings. */
const OWNER_ONLY: readonly Permission[] = ['trading:live', 'admin:system'];

/** The roles every tenant starts with (seeded at registration). */
export const ROLES = {
  owner: { description: 'Everything, including live trading and tenant settings', permissions: ALL_PERMISSIONS },
  admin: { description: 'Everything but live trading and tenant settings', permissions: ALL_PERMISSIONS.filter((permission) => !OWNER_ONLY.includes(permission)) },
  member: {
    description: 'Day-to-day use: finances, paper trading, messages, AI',
    permissions: ['financial:read', 'financial:write', 'trading:read', 'trading:trade', 'comm:read', 'comm:write', 'ai:use'],
  },
  viewer: { description: 'Read-only', permissions: ['financial:read', 'trading:read', 'comm:read'] },
} as const satisfies Record<RoleName, { description: string; permissions: readonly Permission[] }>;

export const ROLE_NAMES = Object.keys(ROLES) as RoleName[];
