/**
 * A Spanish-bank style statement of `rows` movements (`;` separator, `1.234,56` amounts,
 * dd/mm/yyyy dates, a preamble before the table), the same for every run: a seeded generator
 * picks merchants, days and amounts. A few movements repeat exactly (two coffees on one day),
 * which the import must keep apart.
 */

export type Merchant = { name: string; concept: string; category: string; min: number; max: number; income?: boolean };

export const MERCHANTS: readonly Merchant[] = [
  { name: 'MERCADONA', concept: 'COMPRA TARJETA MERCADONA', category: 'Groceries', min: 8, max: 180 },
  { name: 'CARREFOUR', concept: 'COMPRA TARJETA CARREFOUR EXPRESS', category: 'Groceries', min: 3, max: 120 },
  { name: 'LIDL', concept: 'COMPRA TARJETA LIDL', category: 'Groceries', min: 5, max: 90 },
  { name: 'REPSOL', concept: 'COMPRA TARJETA REPSOL ESTACION', category: 'Fuel', min: 30, max: 95 },
  { name: 'CEPSA', concept: 'COMPRA TARJETA CEPSA', category: 'Fuel', min: 25, max: 90 },
  { name: 'IBERDROLA', concept: 'RECIBO IBERDROLA CLIENTES', category: 'Utilities', min: 35, max: 160 },
  { name: 'MOVISTAR', concept: 'RECIBO TELEFONICA MOVISTAR', category: 'Utilities', min: 20, max: 75 },
  { name: 'BAR PEPE', concept: 'COMPRA TARJETA BAR PEPE', category: 'Eating out', min: 2, max: 35 },
  { name: 'CAFE CENTRAL', concept: 'COMPRA TARJETA CAFE CENTRAL', category: 'Eating out', min: 1.5, max: 9 },
  { name: 'RENFE', concept: 'COMPRA RENFE VIAJEROS', category: 'Transport', min: 4, max: 80 },
  { name: 'AMAZON', concept: 'COMPRA INTERNET AMAZON EU', category: 'Shopping', min: 6, max: 250 },
  { name: 'ZARA', concept: 'COMPRA TARJETA ZARA', category: 'Shopping', min: 15, max: 140 },
  { name: 'FARMACIA SOL', concept: 'COMPRA TARJETA FARMACIA', category: 'Health', min: 3, max: 60 },
  { name: 'ACME SL', concept: 'TRANSFERENCIA RECIBIDA NOMINA', category: 'Salary', min: 1800, max: 2600, income: true },
  { name: 'BIZUM', concept: 'BIZUM RECIBIDO', category: 'Transfers', min: 5, max: 60, income: true },
];

/** Seeded PRNG (mulberry32): a benchmark must read the same file every run; Math.random cannot be seeded. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const spanishAmount = (cents: number) => {
  const sign = cents < 0 ? '-' : '';
  const whole = Math.floor(Math.abs(cents) / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${whole},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
};

export function generateStatement(rows: number, seed = 42): Buffer {
  const random = seeded(seed);
  const start = Date.UTC(2022, 0, 1);
  const lines = ['Titular;BENCH USUARIO', 'Cuenta;ES91 2100 0418 4502 0005 1332', 'Periodo;01/01/2022 - 31/12/2024', '', 'Fecha Operación;Concepto;Beneficiario;Importe;Saldo'];
  let previous = '';
  for (let index = 0; index < rows; index += 1) {
    // One movement in 500 repeats the one before it exactly.
    if (previous !== '' && random() < 0.002) {
      lines.push(previous);
      continue;
    }
    const merchant = MERCHANTS[Math.floor(random() * MERCHANTS.length)]!;
    const day = new Date(start + Math.floor((index / rows) * 1095) * 86_400_000);
    const date = `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${day.getUTCFullYear()}`;
    const cents = Math.round((merchant.min + random() * (merchant.max - merchant.min)) * 100) * (merchant.income ? 1 : -1);
    const reference = Math.floor(random() * 1_000_000).toString().padStart(6, '0');
    previous = `${date};${merchant.concept} ${reference};${merchant.name};${spanishAmount(cents)};${spanishAmount(Math.round(random() * 1_000_000))}`;
    lines.push(previous);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}
