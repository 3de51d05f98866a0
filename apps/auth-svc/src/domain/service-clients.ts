import type { Permission } from './catalogue.ts';

/**
 * The platform services that may ask for service tokens, and the most each may be granted. A
 * service acts for a tenant only within this list, whatever it asks for.
 */
export const SERVICE_CLIENTS = {
  /** Auto-categorization asks ai-core for suggestions. */
  'worker-financial': ['ai:use'],
} as const satisfies Record<string, readonly Permission[]>;

export type ServiceClient = keyof typeof SERVICE_CLIENTS;

export function isServiceClient(name: string): name is ServiceClient {
  return Object.hasOwn(SERVICE_CLIENTS, name);
}
