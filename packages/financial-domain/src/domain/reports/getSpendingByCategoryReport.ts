import { decimal, decimalToString, type Decimal } from '@ai-service/money';
import { withTenantTx, type FinancialContext } from '../../context.ts';
import { invalidInput, notFound } from '../../errors.ts';
import { formatMoney } from '../../money.ts';
import { parseDate } from '../../months.ts';
import { categoryNodes } from '../../repositories/reportData.ts';
import { loadRateBook } from '../exchange-rates/loadRateBook.ts';
import { baseCurrencyOf } from '../settings/view.ts';
import { categoryTree } from './categoryTree.ts';
import { convertedParts } from './convertedParts.ts';
import { rateList, type RateList } from './rateList.ts';
import type { SpendingByCategoryReport } from './view.ts';

export type SpendingByCategoryInput = { from: string; to: string; parentId?: string | undefined; kind?: 'income' | 'expense' | undefined };

/** The most days one spending report covers (20 years). */
const MAX_DAYS = 7305;

/**
 * Totals per category from `from` to `to` (booking dates, inclusive), each including its
 * descendants, for drill-down: the top-level categories of `kind` (default expense) plus an
 * "Uncategorized" bucket (uncategorized parts of that direction: money out for expense), or with
 * `parentId` that category's children plus a row for what was booked on the parent itself.
 * Expense amounts are positive spending (refunds lower them). Rows without any part are left out.
 */
export async function getSpendingByCategoryReport({ ctx, input }: { ctx: FinancialContext; input: SpendingByCategoryInput }): Promise<SpendingByCategoryReport> {
  const range = { from: parseDate('from', input.from), to: parseDate('to', input.to) };
  if (range.to < range.from) throw invalidInput('to', 'to must not be before from.');
  if (Date.parse(range.to) - Date.parse(range.from) > MAX_DAYS * 86_400_000) throw invalidInput('to', `A report covers at most ${MAX_DAYS} days.`);
  return withTenantTx(ctx, async (tx) => {
    const base = await baseCurrencyOf(tx);
    const tree = categoryTree(await categoryNodes(tx));
    const parent = input.parentId ? tree.byId.get(input.parentId) : undefined;
    if (input.parentId && !parent) throw notFound('category', input.parentId);
    const kind = parent?.kind ?? input.kind ?? 'expense';
    const direction = kind === 'expense' ? -1 : 1;
    const shown = tree.children(parent?.id ?? null).filter((node) => node.kind === kind);
    const shownIds = new Set(shown.map((node) => node.id));
    const rows = new Map<string | null, { sum: Decimal; rates: RateList }>();
    const add = (key: string | null, amount: string, rate: Parameters<RateList['add']>[0]) => {
      const row = rows.get(key) ?? { sum: decimal('0'), rates: rateList() };
      row.sum = row.sum.plus(amount);
      row.rates.add(rate);
      rows.set(key, row);
    };
    for (const part of await convertedParts(tx, await loadRateBook(tx, base, range), range)) {
      if (!part.categoryId) {
        if (!parent && decimal(part.baseAmount).cmp(0) === direction) add(null, part.baseAmount, part.rate);
        continue;
      }
      const lineage = tree.lineage(part.categoryId);
      if (parent && lineage[0]?.id === parent.id) add(parent.id, part.baseAmount, part.rate);
      const row = lineage.find((node) => shownIds.has(node.id));
      if (row) add(row.id, part.baseAmount, part.rate);
    }
    const money = (value: Decimal) => formatMoney(decimalToString(value.times(direction)), base);
    const items = [
      ...(parent && rows.has(parent.id) ? [{ categoryId: parent.id, name: parent.name, hasChildren: false, row: rows.get(parent.id)! }] : []),
      ...shown.filter((node) => rows.has(node.id)).map((node) => ({ categoryId: node.id, name: node.name, hasChildren: tree.children(node.id).length > 0, row: rows.get(node.id)! })),
      ...(rows.has(null) ? [{ categoryId: null, name: 'Uncategorized', hasChildren: false, row: rows.get(null)! }] : []),
    ].sort((a, b) => b.row.sum.times(direction).cmp(a.row.sum.times(direction)) || a.name.localeCompare(b.name));
    const total = items.reduce((sum, item) => sum.plus(item.row.sum), decimal('0'));
    return {
      currency: base,
      from: range.from,
      to: range.to,
      kind,
      parentId: parent?.id ?? null,
      items: items.map(({ categoryId, name, hasChildren, row }) => ({ categoryId, name, hasChildren, amount: money(row.sum), rates: row.rates.list() })),
      total: money(total),
    };
  });
}
