import type { CategorizeRequest } from './test-harness.ts';

/** A small personal ledger for the HTTP tests: the categories, and what the user already categorized. */
export const CATEGORY = {
  groceries: 'a1e0c5d2-3b4f-4c6a-8d7e-000000000001',
  fuel: 'a1e0c5d2-3b4f-4c6a-8d7e-000000000002',
  rent: 'a1e0c5d2-3b4f-4c6a-8d7e-000000000003',
  eatingOut: 'a1e0c5d2-3b4f-4c6a-8d7e-000000000004',
  salary: 'a1e0c5d2-3b4f-4c6a-8d7e-000000000005',
  interest: 'a1e0c5d2-3b4f-4c6a-8d7e-000000000006',
} as const;

export const CATEGORIES: CategorizeRequest['categories'] = [
  { id: CATEGORY.groceries, name: 'Groceries', kind: 'expense' },
  { id: CATEGORY.fuel, name: 'Fuel', kind: 'expense' },
  { id: CATEGORY.rent, name: 'Rent', kind: 'expense' },
  { id: CATEGORY.eatingOut, name: 'Eating out', kind: 'expense' },
  { id: CATEGORY.salary, name: 'Salary', kind: 'income' },
  { id: CATEGORY.interest, name: 'Interest', kind: 'income' },
];

type Example = NonNullable<CategorizeRequest['examples']>[number];
const example = (categoryId: string, description: string, counterparty: string | null, amount: string): Example => ({ description, counterparty, amount, categoryId });

export const EXAMPLES: Example[] = [
  example(CATEGORY.groceries, 'POS 4711 ALDI SUED FILIALE 0231 MUENCHEN', 'ALDI SUED', '-43.12'),
  example(CATEGORY.groceries, 'POS 4711 REWE MARKT GMBH MUENCHEN', 'REWE Markt GmbH', '-27.80'),
  example(CATEGORY.groceries, 'POS 4711 EDEKA NEUKAUF SCHWABING', 'EDEKA', '-61.05'),
  example(CATEGORY.groceries, 'POS 4711 REWE MARKT GMBH PASING', 'REWE Markt GmbH', '-12.49'),
  example(CATEGORY.fuel, 'POS 4711 ARAL STATION 28173 MUENCHEN', 'ARAL AG', '-71.30'),
  example(CATEGORY.fuel, 'POS 4711 SHELL 1043 LEOPOLDSTR', 'Shell Deutschland', '-58.90'),
  example(CATEGORY.fuel, 'POS 4711 ARAL STATION 11920 AUGSBURG', 'ARAL AG', '-66.00'),
  example(CATEGORY.rent, 'DAUERAUFTRAG MIETE WOHNUNG 3.OG JANUAR', 'Hausverwaltung Berger', '-1150.00'),
  example(CATEGORY.rent, 'DAUERAUFTRAG MIETE WOHNUNG 3.OG FEBRUAR', 'Hausverwaltung Berger', '-1150.00'),
  example(CATEGORY.eatingOut, 'POS 4711 MCDONALDS 1234 MARIENPLATZ', "McDonald's", '-9.80'),
  example(CATEGORY.eatingOut, 'LIEFERANDO.DE BESTELLUNG 77125', 'Lieferando', '-24.50'),
  example(CATEGORY.salary, 'GEHALT JANUAR PERSONALNUMMER 4481', 'Muster Software GmbH', '3890.00'),
  example(CATEGORY.salary, 'GEHALT FEBRUAR PERSONALNUMMER 4481', 'Muster Software GmbH', '3890.00'),
  example(CATEGORY.interest, 'ZINSGUTSCHRIFT TAGESGELD', 'Musterbank', '4.12'),
];
