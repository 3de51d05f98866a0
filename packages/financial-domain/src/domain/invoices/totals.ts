import { currencyExponent, decimal, decimalToString, roundDecimal, type Decimal } from '@ai-service/money';

/**
 * How an invoice's amounts are computed, exactly (big.js), in this order (docs/invoices.md):
 * 1. each line's net = quantity × unit price × (1 − line discount %), rounded half-up (away from
 *    zero, so a credit note mirrors its invoice) to the currency's minor unit;
 * 2. lines are grouped by tax rate; each group's net is the sum of its rounded line nets;
 * 3. an invoice discount % is taken off each group's net, rounded the same way;
 * 4. each group's tax = its discounted net × rate, rounded once per group (not per line);
 * 5. net total, tax total and total are sums of those rounded amounts, so the printed breakdown
 *    always adds up to the printed total.
 */

export type PricedLine = { quantity: string; unitPrice: string; taxRate: string; discountPercent: string };

export type TaxGroup = { rate: string; net: string; tax: string };

export type InvoiceTotals = {
  lineNets: string[];
  subtotal: string;
  discountAmount: string;
  netTotal: string;
  taxTotal: string;
  total: string;
  taxBreakdown: TaxGroup[];
};

const HUNDRED = decimal('100');

const roundTo = (value: Decimal, currency: string) => decimal(roundDecimal(value, currencyExponent(currency), 'half-up'));

const share = (amount: Decimal, percent: string) => amount.times(decimal(percent)).div(HUNDRED);

export function lineNet(line: PricedLine, currency: string): string {
  const gross = decimal(line.quantity).times(decimal(line.unitPrice));
  return decimalToString(roundTo(gross.minus(share(gross, line.discountPercent)), currency));
}

export function computeTotals(lines: readonly PricedLine[], discountPercent: string, currency: string): InvoiceTotals {
  const lineNets = lines.map((line) => lineNet(line, currency));
  const groups = new Map<string, Decimal>();
  lines.forEach((line, index) => {
    const rate = decimalToString(decimal(line.taxRate));
    groups.set(rate, (groups.get(rate) ?? decimal('0')).plus(decimal(lineNets[index]!)));
  });
  let subtotal = decimal('0');
  let discountAmount = decimal('0');
  let netTotal = decimal('0');
  let taxTotal = decimal('0');
  const taxBreakdown = [...groups.entries()]
    .sort(([a], [b]) => decimal(a).cmp(decimal(b)))
    .map(([rate, groupNet]) => {
      const discount = roundTo(share(groupNet, discountPercent), currency);
      const net = groupNet.minus(discount);
      const tax = roundTo(share(net, rate), currency);
      subtotal = subtotal.plus(groupNet);
      discountAmount = discountAmount.plus(discount);
      netTotal = netTotal.plus(net);
      taxTotal = taxTotal.plus(tax);
      return { rate, net: decimalToString(net), tax: decimalToString(tax) };
    });
  return {
    lineNets,
    subtotal: decimalToString(subtotal),
    discountAmount: decimalToString(discountAmount),
    netTotal: decimalToString(netTotal),
    taxTotal: decimalToString(taxTotal),
    total: decimalToString(netTotal.plus(taxTotal)),
    taxBreakdown,
  };
}
