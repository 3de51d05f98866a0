import { z } from 'zod';
import { currentVersion, eventCatalogue, eventTypes, payloadSchema, type EventPayload, type EventType } from './catalogue.ts';
import { timestamp } from './values.ts';

/**
 * What travels between services: the catalogue's payload wrapped in the fields every event carries.
 * `traceId` links the event to the request that caused it; `aggregate` is what delivery is ordered by.
 */
export type EventEnvelope<T extends EventType = EventType> = T extends EventType
  ? {
      id: string;
      type: T;
      version: number;
      occurredAt: string;
      tenantId: string;
      traceId: string | null;
      aggregate: { type: string; id: string };
      payload: EventPayload<T>;
    }
  : never;

const envelopeFields = {
  id: z.uuid(),
  occurredAt: timestamp,
  tenantId: z.uuid(),
  traceId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .nullable(),
  aggregate: z.object({ type: z.string().min(1), id: z.string().min(1) }),
};

// Built once per type and version: every append and every delivery is validated against them.
const envelopeSchemas = new Map<string, z.ZodObject>();

/** The envelope schema of one event type and version, payload included. */
export function envelopeSchema(type: EventType, version = currentVersion(type)): z.ZodObject {
  const key = `${type}@${version}`;
  const cached = envelopeSchemas.get(key);
  if (cached) return cached;
  const payload = payloadSchema(type, version);
  if (!payload) throw new Error(`${type} has no version ${version}`);
  const schema = z
    .object({ ...envelopeFields, type: z.literal(type), version: z.literal(version), payload })
    .meta({ title: `${type} v${version}`, description: `${type} event (aggregate: ${eventCatalogue[type].aggregate})` });
  envelopeSchemas.set(key, schema);
  return schema;
}

/** JSON Schema (draft 2020-12) of every event's current version, keyed by type: for docs and non-TS consumers. */
export function eventJsonSchemas(): Record<EventType, Record<string, unknown>> {
  const schemas = {} as Record<EventType, Record<string, unknown>>;
  for (const type of eventTypes) schemas[type] = z.toJSONSchema(envelopeSchema(type));
  return schemas;
}

export type ParsedEvent = { ok: true; event: EventEnvelope } | { ok: false; problems: string[] };

/** Built once: building a zod schema costs more than parsing with it, and every delivery is parsed. */
const eventHead = z.object({ type: z.string(), version: z.number().int() });

/** Validates an incoming envelope against the catalogue (type, version, payload). */
export function parseEvent(input: unknown): ParsedEvent {
  const head = eventHead.safeParse(input);
  if (!head.success) return { ok: false, problems: ['type and version are required'] };
  const { type, version } = head.data;
  if (!Object.hasOwn(eventCatalogue, type)) return { ok: false, problems: [`unknown event type ${type}`] };
  if (!payloadSchema(type as EventType, version)) return { ok: false, problems: [`${type} has no version ${version}`] };
  const result = envelopeSchema(type as EventType, version).safeParse(input);
  if (result.success) return { ok: true, event: result.data as EventEnvelope };
  return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`) };
}
