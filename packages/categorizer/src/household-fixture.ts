import type { Category, LabelledExample } from './types.ts';

/** A small household ledger, the way a Spanish and an English bank describe it, for the tests. */
export const CATEGORY = {
  groceries: '0d7c1f1e-1c55-4c0e-9d4a-6a1f9d7e0001',
  fuel: '0d7c1f1e-1c55-4c0e-9d4a-6a1f9d7e0002',
  rent: '0d7c1f1e-1c55-4c0e-9d4a-6a1f9d7e0003',
  restaurants: '0d7c1f1e-1c55-4c0e-9d4a-6a1f9d7e0004',
  utilities: '0d7c1f1e-1c55-4c0e-9d4a-6a1f9d7e0005',
  salary: '0d7c1f1e-1c55-4c0e-9d4a-6a1f9d7e0006',
  refunds: '0d7c1f1e-1c55-4c0e-9d4a-6a1f9d7e0007',
  subscriptions: '0d7c1f1e-1c55-4c0e-9d4a-6a1f9d7e0008',
} as const;

export const HOUSEHOLD_CATEGORIES: Category[] = [
  { id: CATEGORY.groceries, name: 'Groceries', kind: 'expense' },
  { id: CATEGORY.fuel, name: 'Fuel', kind: 'expense' },
  { id: CATEGORY.rent, name: 'Rent', kind: 'expense' },
  { id: CATEGORY.restaurants, name: 'Restaurants', kind: 'expense' },
  { id: CATEGORY.utilities, name: 'Utilities', kind: 'expense' },
  { id: CATEGORY.subscriptions, name: 'Subscriptions', kind: 'expense' },
  { id: CATEGORY.salary, name: 'Salary', kind: 'income' },
  { id: CATEGORY.refunds, name: 'Refunds', kind: 'income' },
];

const example = (categoryId: string, description: string, counterparty: string | null = null): LabelledExample => ({ description, counterparty, categoryId });

export const HOUSEHOLD_EXAMPLES: LabelledExample[] = [
  example(CATEGORY.groceries, 'COMPRA TARJ. 5540XXXXXX1234 MERCADONA VALENCIA 12/03', 'MERCADONA SA'),
  example(CATEGORY.groceries, 'COMPRA TARJ. 5540XXXXXX1234 MERCADONA AV. DEL PUERTO 02/04', 'MERCADONA SA'),
  example(CATEGORY.groceries, 'CARD PAYMENT LIDL 0423 VALENCIA', 'Lidl'),
  example(CATEGORY.groceries, 'COMPRA TARJ. 5540XXXXXX1234 CARREFOUR MARKET RUZAFA', 'Carrefour'),
  example(CATEGORY.groceries, 'Tesco Stores 3321 London', 'Tesco'),
  example(CATEGORY.fuel, 'COMPRA TARJ. 5540XXXXXX1234 REPSOL E.S. PISTA DE SILLA', 'Repsol'),
  example(CATEGORY.fuel, 'CARD PAYMENT SHELL PETROL STATION M40', 'Shell'),
  example(CATEGORY.fuel, 'COMPRA TARJ. 5540XXXXXX1234 CEPSA ESTACION SERVICIO', 'Cepsa'),
  example(CATEGORY.rent, 'TRANSFERENCIA ALQUILER PISO CALLE COLON MARZO', 'Inmobiliaria Turia SL'),
  example(CATEGORY.rent, 'TRANSFERENCIA ALQUILER PISO CALLE COLON ABRIL', 'Inmobiliaria Turia SL'),
  example(CATEGORY.restaurants, 'COMPRA TARJ. 5540XXXXXX1234 BAR CASA PEPE', 'Bar Casa Pepe'),
  example(CATEGORY.restaurants, 'CARD PAYMENT DELIVEROO ORDER 88231', 'Deliveroo'),
  example(CATEGORY.restaurants, 'COMPRA TARJ. 5540XXXXXX1234 TELEPIZZA BENIMACLET', 'Telepizza'),
  example(CATEGORY.utilities, 'RECIBO IBERDROLA CLIENTES SAU LUZ', 'Iberdrola'),
  example(CATEGORY.utilities, 'RECIBO AGUAS DE VALENCIA SA', 'Aguas de Valencia'),
  example(CATEGORY.utilities, 'RECIBO MOVISTAR FIBRA Y MOVIL', 'Telefonica de Espana'),
  example(CATEGORY.subscriptions, 'NETFLIX.COM 866-579-7172', 'Netflix'),
  example(CATEGORY.subscriptions, 'SPOTIFY P1A2B3C4D5 STOCKHOLM', 'Spotify'),
  example(CATEGORY.salary, 'TRANSFERENCIA NOMINA ACME SOLUCIONES SL MARZO', 'ACME SOLUCIONES SL'),
  example(CATEGORY.salary, 'TRANSFERENCIA NOMINA ACME SOLUCIONES SL ABRIL', 'ACME SOLUCIONES SL'),
  example(CATEGORY.refunds, 'DEVOLUCION COMPRA AMAZON EU SARL', 'Amazon'),
  example(CATEGORY.refunds, 'ABONO DEVOLUCION ZARA ESPANA', 'Zara'),
];
