import type { CsvMapping } from './mapping.ts';

export type CsvPreset = { id: string; name: string; bank: string; mapping: CsvMapping };

/**
 * Mappings for exports whose headers the generic detection cannot read on its own (two dates,
 * a separate fee, status words); headers as those banks write them.
 */
export const BUILT_IN_CSV_PRESETS: readonly CsvPreset[] = [
  {
    id: 'revolut',
    name: 'Revolut account statement',
    bank: 'Revolut',
    mapping: {
      delimiter: ',',
      decimalSeparator: '.',
      // Pending rows have no Completed Date yet; the start date stays the same once they complete.
      columns: { bookingDate: 'Started Date', amount: 'Amount', description: 'Description', currency: 'Currency', status: 'State' },
    },
  },
  {
    id: 'n26',
    name: 'N26 CSV export',
    bank: 'N26',
    mapping: {
      delimiter: ',',
      decimalSeparator: '.',
      columns: { bookingDate: 'Booking Date', valueDate: 'Value Date', amount: 'Amount (EUR)', counterparty: 'Partner Name', description: 'Payment Reference' },
      currency: 'EUR',
    },
  },
  {
    id: 'paypal',
    name: 'PayPal activity download',
    bank: 'PayPal',
    mapping: {
      columns: { bookingDate: 'Date', amount: 'Net', counterparty: 'Name', description: 'Type', currency: 'Currency', externalId: 'Transaction ID', status: 'Status' },
    },
  },
];

export function builtInCsvPreset(id: string): CsvPreset | undefined {
  return BUILT_IN_CSV_PRESETS.find((preset) => preset.id === id);
}
