import type { Transaction } from '@ai-service/db';
import { decimal, decimalToString } from '@ai-service/money';
import { formatMoney } from '../../money.ts';
import { addMonths, firstDay, lastDay, monthOf } from '../../months.ts';
import { budgetsUpTo, type BudgetRow } from '../../repositories/budgets.ts';
import { categoryNodes } from '../../repositories/reportData.ts';
import { loadRateBook } from '../exchange-rates/loadRateBook.ts';
import { categoryTree } from '../reports/categoryTree.ts';
import { convertedParts } from '../reports/convertedParts.ts';
import { rateList, type RateList } from '../reports/rateList.ts';
import type { BudgetLine } from './view.ts';

/**
 * Budget against actual for each budgeted category of each of `months` (docs/reports.md,
 * "Budgets"). Actual is what the category and its descendants booked in the month (expense
 * categories: money out, so a refund lowers it; income categories: money in). A month whose budget
 * has `rollover` carries its remaining into the next month's budget of the category, and that
 * carry includes what rolled into it, as long as consecutive months are budgeted with rollover.
 */
export async function budgetLines(tx: Transaction, base: string, months: readonly string[]): Promise<BudgetLine[]> {
  const last = months[months.length - 1]!;
  const byCategory = new Map<string, Map<string, BudgetRow>>();
  for (const row of await budgetsUpTo(tx, firstDay(last))) {
    const own = byCategory.get(row.categoryId) ?? new Map<string, BudgetRow>();
    own.set(monthOf(row.month), row);
    byCategory.set(row.categoryId, own);
  }
  // The earliest month whose actuals a requested line needs: where its rollover chain starts.
  let earliest: string | undefined;
  for (const own of byCategory.values()) {
    for (const month of months) {
      if (!own.has(month)) continue;
      let start = month;
      while (own.get(addMonths(start, -1))?.rollover) start = addMonths(start, -1);
      if (earliest === undefined || start < earliest) earliest = start;
    }
  }
  if (earliest === undefined) return [];
  const tree = categoryTree(await categoryNodes(tx));
  const book = await loadRateBook(tx, base, { from: firstDay(earliest), to: lastDay(last) });
  const sums = new Map<string, { sum: string; rates: RateList }>();
  for (const part of await convertedParts(tx, book, { from: firstDay(earliest), to: lastDay(last) })) {
    if (!part.categoryId) continue;
    for (const node of tree.lineage(part.categoryId)) {
      const key = `${node.id}@${monthOf(part.bookingDate)}`;
      const entry = sums.get(key) ?? { sum: '0', rates: rateList() };
      entry.sum = decimalToString(decimal(entry.sum).plus(part.baseAmount));
      entry.rates.add(part.rate);
      sums.set(key, entry);
    }
  }
  const actual = (categoryId: string, month: string) => {
    const sum = decimal(sums.get(`${categoryId}@${month}`)?.sum ?? '0');
    return tree.byId.get(categoryId)?.kind === 'income' ? sum : sum.times(-1);
  };
  const carried = (own: Map<string, BudgetRow>, categoryId: string, month: string): ReturnType<typeof decimal> => {
    const previous = own.get(addMonths(month, -1));
    if (!previous?.rollover) return decimal('0');
    return decimal(previous.amount).plus(carried(own, categoryId, monthOf(previous.month))).minus(actual(categoryId, monthOf(previous.month)));
  };

  const lines: BudgetLine[] = [];
  for (const month of months) {
    for (const [categoryId, own] of byCategory) {
      const row = own.get(month);
      const category = tree.byId.get(categoryId);
      if (!row || !category) continue;
      const rolledOver = carried(own, categoryId, month);
      const spent = actual(categoryId, month);
      lines.push({
        month,
        categoryId,
        categoryName: category.name,
        kind: category.kind,
        rollover: row.rollover,
        budget: formatMoney(row.amount, base),
        rolledOver: formatMoney(decimalToString(rolledOver), base),
        actual: formatMoney(decimalToString(spent), base),
        remaining: formatMoney(decimalToString(decimal(row.amount).plus(rolledOver).minus(spent)), base),
        rates: sums.get(`${categoryId}@${month}`)?.rates.list() ?? [],
      });
    }
  }
  return lines.sort((a, b) => a.month.localeCompare(b.month) || a.categoryName.localeCompare(b.categoryName) || a.categoryId.localeCompare(b.categoryId));
}
