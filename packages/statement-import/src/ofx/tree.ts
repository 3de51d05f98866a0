import { malformedAt } from '../errors.ts';

export type OfxElement = { name: string; line: number; value: string | undefined; children: OfxElement[] };

/** Aggregates of the statement responses read here, so a truncated file is caught as such. */
const AGGREGATES = new Set([
  'OFX', 'SIGNONMSGSRSV1', 'SONRS', 'STATUS', 'FI', 'BANKMSGSRSV1', 'STMTTRNRS', 'STMTRS', 'CREDITCARDMSGSRSV1', 'CCSTMTTRNRS', 'CCSTMTRS',
  'BANKACCTFROM', 'CCACCTFROM', 'BANKACCTTO', 'CCACCTTO', 'BANKTRANLIST', 'STMTTRN', 'PAYEE', 'CURRENCY', 'ORIGCURRENCY', 'LEDGERBAL', 'AVAILBAL',
]);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Reads OFX 1.x (SGML: leaf elements are never closed) and OFX 2.x (XML) into one tree, with the
 * line of every element. Hand-written because the npm OFX readers rewrite the text with regular
 * expressions into JSON or XML, lose line numbers and turn amounts into floats; the grammar here
 * is only `<TAG>value`, `</TAG>` and aggregates. An opening tag followed by no text is an
 * aggregate when it is a known one or its closing tag appears somewhere in the file, and an
 * empty element otherwise.
 */
export function readOfxTree(text: string): { root: OfxElement; variant: 'sgml' | 'xml' } {
  const start = text.search(/<OFX>/i);
  if (start < 0) throw malformedAt(1, 'no <OFX> element');
  const variant = /^\s*<\?xml/i.test(text) || /<\?OFX/i.test(text.slice(0, start)) ? 'xml' : 'sgml';
  const closedNames = new Set<string>(AGGREGATES);
  for (const match of text.slice(start).matchAll(/<\/([A-Za-z0-9._-]+)>/g)) closedNames.add((match[1] ?? '').toUpperCase());

  const tokenPattern = /<(\/?)([A-Za-z0-9._-]+)>([^<]*)|<!--[\s\S]*?-->|(<[^>]*>?)/g;
  tokenPattern.lastIndex = start;
  let line = text.slice(0, start).split('\n').length;
  let lineCountedTo = start;
  const lineAt = (offset: number) => {
    for (let index = text.indexOf('\n', lineCountedTo); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
    lineCountedTo = Math.max(lineCountedTo, offset);
    return line;
  };

  const root: OfxElement = { name: '#document', line: 1, value: undefined, children: [] };
  const stack: OfxElement[] = [root];
  let pendingLeaf: OfxElement | undefined;
  for (let match = tokenPattern.exec(text); match; match = tokenPattern.exec(text)) {
    const at = lineAt(match.index);
    if (match[4] !== undefined) throw malformedAt(at, `unreadable tag ${JSON.stringify(match[4].slice(0, 40))}`);
    if (match[2] === undefined) continue;
    const name = match[2].toUpperCase();
    const body = (match[3] ?? '').trim();
    const parent = stack[stack.length - 1];
    if (!parent) throw malformedAt(at, `<${name}> after the end of <OFX>`);
    if (match[1] === '/') {
      if (body !== '') throw malformedAt(at, `text after </${name}>`);
      if (pendingLeaf?.name === name) {
        pendingLeaf = undefined;
        continue;
      }
      pendingLeaf = undefined;
      if (parent.name !== name) {
        const opened = parent === root ? 'nothing open' : `<${parent.name}> opened on line ${parent.line}`;
        throw malformedAt(at, `</${name}> does not close ${opened}`);
      }
      // `<MEMO></MEMO>` was taken for an aggregate: it is an empty leaf.
      if (parent.children.length === 0) parent.value = '';
      stack.pop();
      if (stack.length === 1) break;
      continue;
    }
    pendingLeaf = undefined;
    // No OFX aggregate contains itself: a second <STMTTRN> inside one means a missing closing tag.
    if (stack.some((open) => open.name === name)) throw malformedAt(at, `<${name}> inside the <${name}> opened on line ${stack.find((open) => open.name === name)?.line}: a closing tag is missing`);
    const element: OfxElement = { name, line: at, value: undefined, children: [] };
    parent.children.push(element);
    if (body !== '') {
      element.value = decodeEntities(body);
      pendingLeaf = element;
    } else if (closedNames.has(name)) {
      stack.push(element);
    } else {
      element.value = '';
    }
  }
  const ofx = root.children[0];
  if (!ofx || ofx.name !== 'OFX') throw malformedAt(lineAt(start), 'no <OFX> element');
  if (stack.length > 1) {
    const open = stack[stack.length - 1];
    throw malformedAt(lineAt(text.length), `<${open?.name}> opened on line ${open?.line} is never closed`);
  }
  return { root: ofx, variant };
}

export function child(element: OfxElement, name: string): OfxElement | undefined {
  return element.children.find((candidate) => candidate.name === name);
}

export function childValue(element: OfxElement, name: string): string | undefined {
  const value = child(element, name)?.value?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function descendants(element: OfxElement, name: string): OfxElement[] {
  const found: OfxElement[] = [];
  const visit = (node: OfxElement) => {
    for (const next of node.children) {
      if (next.name === name) found.push(next);
      else visit(next);
    }
  };
  visit(element);
  return found;
}
