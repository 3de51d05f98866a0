export {
  currentVersion,
  eventCatalogue,
  eventTypes,
  isEventType,
  payloadSchema,
  type CurrentVersion,
  type EventPayload,
  type EventType,
} from './catalogue.ts';
export { envelopeSchema, eventJsonSchemas, parseEvent, type EventEnvelope, type ParsedEvent } from './envelope.ts';
export { assetAmount, currencyCode, decimalString, marketSymbol, money, type Money } from './values.ts';
