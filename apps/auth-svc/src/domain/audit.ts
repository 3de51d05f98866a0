import type { Transaction } from '@ai-service/db';
import type { ServiceContext } from '../context.ts';
import { appendEvent } from '../repositories/event-log.ts';

export type AuditEventType =
  | 'TenantRegistered'
  | 'LoginSucceeded'
  | 'LoginFailed'
  | 'AccountLocked'
  | 'RefreshTokenReused'
  | 'LoggedOut'
  | 'UserInvited'
  | 'InvitationAccepted'
  | 'UserDisabled'
  | 'UserEnabled'
  | 'RoleGranted'
  | 'RoleRevoked'
  | 'ServiceTokenIssued';

export type AuditEvent = {
  type: AuditEventType;
  tenantId: string;
  /** The user who acted (the user themself for sign-in events). */
  actorId: string;
  aggregate: { type: 'tenant' | 'user' | 'refresh_token_family'; id: string };
  payload?: Record<string, unknown>;
};

/** Appends to auth.event_log inside the caller's transaction, with the request's trace id. */
export async function audit(tx: Transaction, ctx: Pick<ServiceContext, 'clock' | 'traceId'>, event: AuditEvent): Promise<void> {
  await appendEvent(tx, {
    type: event.type,
    tenantId: event.tenantId,
    actor: event.actorId,
    aggregateType: event.aggregate.type,
    aggregateId: event.aggregate.id,
    payload: event.payload ?? {},
    traceId: ctx.traceId ?? null,
    occurredAt: ctx.clock(),
  });
}
