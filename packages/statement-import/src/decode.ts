import type { TextEncoding } from './types.ts';

/**
 * Bank exports are UTF-8 (often with a BOM), UTF-16 from some Windows tools, or Windows-1252
 * from older systems that never say so. Invalid UTF-8 is the reliable tell for the last one;
 * Windows-1252 is a superset of Latin-1 for every printable character, so it covers both.
 */
export function decodeStatement(file: Uint8Array): { text: string; encoding: TextEncoding } {
  if (file[0] === 0xff && file[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(file), encoding: 'utf-16le' };
  if (file[0] === 0xfe && file[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(file), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(file), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(file), encoding: 'windows-1252' };
  }
}

/** 1-based line of a character offset, for parsers that report offsets. */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}
