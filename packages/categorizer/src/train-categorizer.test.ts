import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATEGORY, HOUSEHOLD_CATEGORIES, HOUSEHOLD_EXAMPLES } from './household-fixture.ts';
import { DEFAULT_MIN_CONFIDENCE, trainCategorizer } from './train-categorizer.ts';
import type { CategorizableTransaction } from './types.ts';

const household = trainCategorizer({ categories: HOUSEHOLD_CATEGORIES, examples: HOUSEHOLD_EXAMPLES });
const transaction = (description: string, amount: string, counterparty: string | null = null): CategorizableTransaction => ({ description, counterparty, amount });

test('new transactions get the category of the examples they resemble', () => {
  const expected: [CategorizableTransaction, string][] = [
    [transaction('COMPRA TARJ. 5540XXXXXX9876 MERCADONA CAMPANAR 05/05', '-54.20', 'MERCADONA SA'), CATEGORY.groceries],
    [transaction('CARD PAYMENT LIDL 0511 BURJASSOT', '-23.10'), CATEGORY.groceries],
    [transaction('COMPRA TARJ. 5540XXXXXX1234 CARREFOUR EXPRESS', '-8.00'), CATEGORY.groceries],
    [transaction('COMPRA TARJ. 5540XXXXXX1234 REPSOL E.S. AVDA CID', '-60.00', 'Repsol'), CATEGORY.fuel],
    [transaction('TRANSFERENCIA ALQUILER PISO CALLE COLON MAYO', '-850.00', 'Inmobiliaria Turia SL'), CATEGORY.rent],
    [transaction('COMPRA TARJ. 5540XXXXXX1234 TELEPIZZA RUZAFA', '-18.50'), CATEGORY.restaurants],
    [transaction('RECIBO IBERDROLA CLIENTES SAU GAS', '-61.30', 'Iberdrola'), CATEGORY.utilities],
    [transaction('NETFLIX.COM 866-579-7172', '-12.99', 'Netflix'), CATEGORY.subscriptions],
    [transaction('TRANSFERENCIA NOMINA ACME SOLUCIONES SL MAYO', '2450.00', 'ACME SOLUCIONES SL'), CATEGORY.salary],
    [transaction('DEVOLUCION COMPRA AMAZON EU SARL', '19.99', 'Amazon'), CATEGORY.refunds],
  ];
  for (const [input, categoryId] of expected) {
    const suggestion = household.suggest(input);
    assert.equal(suggestion.categoryId, categoryId, input.description);
    assert.ok(suggestion.confidence >= DEFAULT_MIN_CONFIDENCE && suggestion.confidence <= 1, input.description);
  }
});

test('the sign of the amount restricts the answer to income or expense categories', () => {
  const salaryText = ['TRANSFERENCIA NOMINA ACME SOLUCIONES SL MAYO', 'ACME SOLUCIONES SL'] as const;
  assert.equal(household.suggest(transaction(salaryText[0], '2450.00', salaryText[1])).categoryId, CATEGORY.salary);
  // The same text as an outflow cannot be salary, and resembles no expense.
  assert.equal(household.suggest(transaction(salaryText[0], '-2450.00', salaryText[1])).categoryId, null);
  // A refund-like text as an outflow is not a refund.
  assert.notEqual(household.suggest(transaction('DEVOLUCION COMPRA AMAZON EU SARL', '-19.99', 'Amazon')).categoryId, CATEGORY.refunds);
  // Zero may be either.
  assert.equal(household.suggest(transaction('TRANSFERENCIA NOMINA ACME SOLUCIONES SL MAYO', '0', 'ACME SOLUCIONES SL')).categoryId, CATEGORY.salary);
});

test('transactions like no example stay uncategorized, with their low confidence', () => {
  for (const input of [
    transaction('TRANSFER FROM J SMITH BIRTHDAY', '50.00'),
    transaction('COMPRA TARJ. 5540XXXXXX1234 FERRETERIA LOPEZ', '-14.00', 'Ferreteria Lopez'),
    transaction('PAGO BIZUM A MARIA GARCIA', '-20.00'),
    transaction('GYM MEMBERSHIP BASIC FIT', '-29.99', 'Basic-Fit'),
  ]) {
    const suggestion = household.suggest(input);
    assert.equal(suggestion.categoryId, null, input.description);
    assert.ok(suggestion.confidence < DEFAULT_MIN_CONFIDENCE, input.description);
  }
});

test('without examples, a category whose name appears in the text is suggested', () => {
  const named = trainCategorizer({ categories: HOUSEHOLD_CATEGORIES, examples: [] });
  assert.equal(named.suggest(transaction('Monthly rent flat 3B', '-900.00')).categoryId, CATEGORY.rent);
  assert.equal(named.suggest(transaction('SAINSBURYS GROCERY STORE', '-40.00')).categoryId, CATEGORY.groceries);
  assert.equal(named.suggest(transaction('Restaurante El Faro', '-35.00')).categoryId, CATEGORY.restaurants);
  assert.equal(named.suggest(transaction('Salary June', '3000')).categoryId, CATEGORY.salary);
  assert.equal(named.suggest(transaction('Salary June', '-3000')).categoryId, null);
  // Names match words, not fragments: "transport" is not "transfer".
  const transfers = trainCategorizer({ categories: [{ id: CATEGORY.rent, name: 'Transfers', kind: 'expense' }], examples: [] });
  assert.equal(transfers.suggest(transaction('Transport for London', '-2.80')).categoryId, null);
  assert.equal(transfers.suggest(transaction('Transfer to savings', '-200')).categoryId, CATEGORY.rent);
});

test('the threshold is the caller’s to choose', () => {
  const strict = trainCategorizer({ categories: HOUSEHOLD_CATEGORIES, examples: HOUSEHOLD_EXAMPLES, minConfidence: 0.99 });
  const suggestion = strict.suggest(transaction('CARD PAYMENT LIDL 0511 BURJASSOT', '-23.10'));
  assert.equal(suggestion.categoryId, null);
  assert.equal(suggestion.confidence, household.suggest(transaction('CARD PAYMENT LIDL 0511 BURJASSOT', '-23.10')).confidence);
});

test('recurring examples outvote a single one that reads the same', () => {
  const first = '7b0f3c1e-0000-4000-8000-000000000001';
  const second = '7b0f3c1e-0000-4000-8000-000000000002';
  const categories = [
    { id: first, name: 'Household', kind: 'expense' as const },
    { id: second, name: 'Hobbies', kind: 'expense' as const },
  ];
  const examples = [
    { description: 'AMAZON MKTPLACE PMTS', counterparty: 'Amazon', categoryId: first },
    { description: 'AMAZON MKTPLACE PMTS 0042', counterparty: 'Amazon', categoryId: second },
    { description: 'AMAZON MKTPLACE PMTS 0917', counterparty: 'Amazon', categoryId: second },
    { description: 'AMAZON MKTPLACE PMTS 1288', counterparty: 'Amazon', categoryId: second },
  ];
  assert.equal(trainCategorizer({ categories, examples }).suggest(transaction('AMAZON MKTPLACE PMTS 5521', '-30', 'Amazon')).categoryId, second);
});

test('examples of categories not offered are ignored', () => {
  const offered = HOUSEHOLD_CATEGORIES.filter((category) => category.id !== CATEGORY.groceries);
  const categorizer = trainCategorizer({ categories: offered, examples: HOUSEHOLD_EXAMPLES });
  assert.notEqual(categorizer.suggest(transaction('COMPRA TARJ. MERCADONA CAMPANAR', '-54.20', 'MERCADONA SA')).categoryId, CATEGORY.groceries);
  assert.equal(categorizer.accepts(transaction('x', '-1'), CATEGORY.groceries), false);
  assert.equal(categorizer.accepts(transaction('x', '-1'), CATEGORY.fuel), true);
  assert.equal(categorizer.accepts(transaction('x', '1'), CATEGORY.fuel), false);
});

test('nearest examples are the most similar ones of the kind the sign allows', () => {
  const nearest = household.nearestExamples(transaction('TRANSFERENCIA NOMINA ACME SOLUCIONES SL JUNIO', '2450', 'ACME SOLUCIONES SL'), 3);
  assert.ok(nearest.length > 0 && nearest.length <= 3);
  assert.equal(nearest[0]!.categoryId, CATEGORY.salary);
  assert.ok(nearest.every((example) => example.categoryId === CATEGORY.salary || example.categoryId === CATEGORY.refunds));
});

test('the same request gives the same answer', () => {
  const again = trainCategorizer({ categories: HOUSEHOLD_CATEGORIES, examples: HOUSEHOLD_EXAMPLES });
  const input = transaction('COMPRA TARJ. 5540XXXXXX1234 TELEPIZZA RUZAFA', '-18.50');
  assert.deepEqual(again.suggest(input), household.suggest(input));
});
