import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { PDFParse } from 'pdf-parse';
import { createClient, createDraft, invoiceApi, setUpSeller, TINY_PNG } from './invoices-fixtures.ts';
import { startFinancialHarness, type FinancialHarness } from './test-harness.ts';

let harness: FinancialHarness;
before(async () => {
  harness = await startFinancialHarness({ clock: () => new Date('2026-03-10T12:00:00Z') });
});
after(async () => {
  await harness.close();
});

async function pdfOf(tenant: string, invoiceId: string): Promise<{ response: Response; text: string; pageTexts: string[]; images: number }> {
  const response = await fetch(`${harness.url}/v1/financial/invoices/${invoiceId}/pdf`, await harness.as(tenant));
  assert.equal(response.status, 200);
  const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
  try {
    const { text, pages: textPages } = await parser.getText();
    const { pages } = await parser.getImage({ imageThreshold: 0 });
    return { response, text, pageTexts: textPages.map((page) => page.text), images: pages.reduce((sum, page) => sum + page.images.length, 0) };
  } finally {
    await parser.destroy();
  }
}

test('the PDF of an issued invoice shows number, parties, lines, tax breakdown, totals and payment details', async () => {
  const tenant = randomUUID();
  const api = invoiceApi(harness, tenant);
  await setUpSeller(api, { logo: TINY_PNG });
  const clientId = await createClient(api, 'Acme Corp');
  const draft = await createDraft(api, clientId, {
    lines: [
      { description: 'Consulting', quantity: '3', unitPrice: '0.333', taxRate: '19' },
      { description: 'Books', quantity: '2', unitPrice: '12.5', taxRate: '7', discountPercent: '10' },
    ],
  });
  const issued = (await api('POST', `/v1/financial/invoices/${draft['id'] as string}/issue`)).body;
  const { response, text, images } = await pdfOf(tenant, issued['id'] as string);
  assert.equal(response.headers.get('content-type'), 'application/pdf');
  assert.match(response.headers.get('content-disposition') ?? '', /filename="INV-2026-0001\.pdf"/);
  for (const expected of [
    'INVOICE',
    'INV-2026-0001',
    'Acme Corp',
    'Hauptstr. 5',
    'Freelance Studio SL',
    'ESB12345678',
    'Consulting',
    'Books',
    'Tax 7 % on 22.50 EUR',
    'Tax 19 % on 1.00 EUR',
    '1.58 EUR',
    '0.19 EUR',
    `${issued['total'] as string} EUR`,
    'IBAN: ES9121000418450200051332',
    'BIC: CAIXESBBXXX',
    'Payment reference: INV-2026-0001',
    'Due date: 2026-03-15',
  ]) {
    assert.ok(text.includes(expected), `the PDF shows "${expected}":\n${text}`);
  }
  assert.equal(issued['total'], '25.27');
  assert.ok(!text.includes('DRAFT'), 'an issued invoice has no draft mark');
  assert.ok(!text.includes('Amount due'), 'nothing credited or paid: the total is what is due');
  assert.equal(images, 1, 'the logo is embedded');
});

test('a draft renders with a DRAFT mark and without a number, names beyond Latin-1 print; a credit note names the invoice it corrects', async () => {
  const tenant = randomUUID();
  const api = invoiceApi(harness, tenant);
  const clientId = await createClient(api, 'Łódź Дизайн Sp. z o.o.');
  const draft = await createDraft(api, clientId);
  const { text } = await pdfOf(tenant, draft['id'] as string);
  assert.ok(text.includes('DRAFT'), text);
  assert.ok(text.includes('Łódź Дизайн Sp. z o.o.'), text);
  assert.ok(!text.includes('INV-'), 'a draft has no number');

  await api('POST', `/v1/financial/invoices/${draft['id'] as string}/issue`);
  const note = (await api('POST', `/v1/financial/invoices/${draft['id'] as string}/credit-note`)).body;
  await api('POST', `/v1/financial/invoices/${note['id'] as string}/issue`);
  const credit = await pdfOf(tenant, note['id'] as string);
  for (const expected of ['CREDIT NOTE', 'CN-2026-0001', 'Corrects invoice: INV-2026-0001', '-1.19 EUR']) {
    assert.ok(credit.text.includes(expected), `the credit note shows "${expected}":\n${credit.text}`);
  }
  assert.ok(!credit.text.includes('Amount due'), 'a credit note owes nothing');
  const credited = await pdfOf(tenant, draft['id'] as string);
  assert.match(credited.text, /Credited\s+-1\.19 EUR/, credited.text);
  assert.match(credited.text, /Amount due\s+0\.00 EUR/, credited.text);
});

test('a long draft flows over several pages, each marked DRAFT, with every line and the total', async () => {
  const tenant = randomUUID();
  const api = invoiceApi(harness, tenant);
  const lines = Array.from({ length: 150 }, (_, index) => ({ description: `Item ${index + 1}`, quantity: '1', unitPrice: '1', taxRate: '21' }));
  const draft = await createDraft(api, await createClient(api), { lines });
  const { text, pageTexts } = await pdfOf(tenant, draft['id'] as string);
  assert.ok(pageTexts.length > 1, `${pageTexts.length} pages`);
  assert.ok(
    pageTexts.every((page) => page.includes('DRAFT')),
    'every page is marked',
  );
  for (const expected of [/^Item 1 1 1 0 21 1\.00$/m, /^Item 150 1 1 0 21 1\.00$/m, /^Total 181\.50 EUR$/m]) assert.match(text, expected);
});

test('another tenant gets 404 for the PDF', async () => {
  const api = invoiceApi(harness, randomUUID());
  const draft = await createDraft(api, await createClient(api));
  const response = await fetch(`${harness.url}/v1/financial/invoices/${draft['id'] as string}/pdf`, await harness.as(randomUUID()));
  assert.equal(response.status, 404);
});
