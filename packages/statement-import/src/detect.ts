import type { StatementFormat } from './types.ts';

const BY_EXTENSION: Record<string, StatementFormat> = { ofx: 'ofx', qfx: 'ofx', qbo: 'ofx', qif: 'qif', csv: 'csv', tsv: 'csv', txt: 'csv' };

/** The content decides when it is unmistakable; the file name only breaks the remaining doubt. */
export function detectFormat(text: string, fileName: string | undefined): StatementFormat {
  const head = text.slice(0, 4096).trimStart();
  if (/^OFXHEADER\s*:/i.test(head) || /<\?OFX\b/i.test(head) || /<OFX>/i.test(head)) return 'ofx';
  if (/^!(Type|Account|Option)\b/i.test(head)) return 'qif';
  if (/^<\?xml|^<Document\b/i.test(head) && /camt\.05[23]|<(\w+:)?BkToCstmrStmt\b/.test(head)) return 'camt053';
  const extension = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (extension === 'xml') return 'camt053';
  return (extension === undefined ? undefined : BY_EXTENSION[extension]) ?? 'csv';
}
