import type { Transaction } from '@ai-service/db';
import { invalidInput } from '../../errors.ts';
import { categoryKinds } from '../../repositories/categories.ts';
import { findCounterparty, type CounterpartyRow } from '../../repositories/counterparties.ts';
import { existingTagIds } from '../../repositories/tags.ts';

/** Checks that ids in a request name rows of the tenant; a missing one is invalid input naming its field. */

export async function requireCategories(tx: Transaction, references: readonly { field: string; id: string | null | undefined }[]): Promise<void> {
  const ids = references.flatMap((reference) => (reference.id ? [reference.id] : []));
  const found = await categoryKinds(tx, ids);
  const missing = references.find((reference) => reference.id && !found.has(reference.id));
  if (missing) throw invalidInput(missing.field, `No category ${missing.id} in this tenant.`);
}

export async function requireTags(tx: Transaction, field: string, tagIds: readonly string[] | undefined): Promise<void> {
  if (!tagIds || tagIds.length === 0) return;
  const found = await existingTagIds(tx, tagIds);
  const missing = tagIds.find((id) => !found.has(id));
  if (missing) throw invalidInput(field, `No tag ${missing} in this tenant.`);
}

export async function requireCounterparty(tx: Transaction, field: string, counterpartyId: string): Promise<CounterpartyRow> {
  const counterparty = await findCounterparty(tx, counterpartyId);
  if (!counterparty) throw invalidInput(field, `No counterparty ${counterpartyId} in this tenant.`);
  return counterparty;
}
