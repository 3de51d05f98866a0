import { invalidInput } from '../../errors.ts';

/** The largest logo accepted, decoded: a letterhead logo, not a photo. */
export const MAX_LOGO_BYTES = 256 * 1024;

const SIGNATURES: { mediaType: 'image/png' | 'image/jpeg'; magic: number[] }[] = [
  { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

/** A base64 logo → its canonical base64 and media type, told by the file's signature (PDFs embed only PNG and JPEG). */
export function parseLogo(field: string, base64: string): { logo: string; logoMediaType: string } {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) throw invalidInput(field, `${field} must be base64.`);
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_LOGO_BYTES) throw invalidInput(field, `${field} is larger than ${MAX_LOGO_BYTES / 1024} KiB.`);
  const kind = SIGNATURES.find(({ magic }) => magic.every((byte, index) => bytes[index] === byte));
  if (!kind) throw invalidInput(field, `${field} must be a PNG or JPEG image.`);
  return { logo: bytes.toString('base64'), logoMediaType: kind.mediaType };
}
