/**
 * Photos customers send (JPEG, PNG, WebP): the type is read from the bytes, never from the name or the declared
 * type, and metadata is removed before anything is stored — EXIF (with GPS position and camera serial), XMP, IPTC,
 * comments and text chunks. The pixels are kept as they are: no re-encoding, so no native image library is needed
 * and the photo an agent sees is the one the customer took.
 */

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export interface CleanImage {
  contentType: AttachmentType;
  bytes: Buffer;
  width?: number;
  height?: number;
}

export class ImageFileError extends Error {}

export function sniffImageType(bytes: Buffer): AttachmentType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** The image without its metadata, with its size in pixels; throws ImageFileError for anything else or a broken file. */
export function cleanImage(bytes: Buffer): CleanImage {
  const type = sniffImageType(bytes);
  if (type === 'image/jpeg') return { contentType: type, ...stripJpeg(bytes) };
  if (type === 'image/png') return { contentType: type, ...stripPng(bytes) };
  if (type === 'image/webp') return { contentType: type, ...stripWebp(bytes) };
  throw new ImageFileError('Only JPEG, PNG or WebP photos can be sent');
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** JPEG: APP1 (EXIF, XMP), APP12/APP13 (IPTC, Photoshop) and comments go; APP0 (JFIF), APP2 (ICC colour) and APP14 (Adobe colour) stay. */
function stripJpeg(bytes: Buffer): { bytes: Buffer; width?: number; height?: number } {
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let offset = 2;
  let width: number | undefined;
  let height: number | undefined;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) throw new ImageFileError('The JPEG file is damaged');
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === undefined) break;
    if (marker === 0xda) {
      // start of scan: the compressed image runs to the end of the file
      kept.push(bytes.subarray(offset));
      offset = bytes.length;
      break;
    }
    if (marker >= 0xd0 && marker <= 0xd7) {
      kept.push(bytes.subarray(offset, offset + 2));
      offset += 2;
      continue;
    }
    if (offset + 4 > bytes.length) throw new ImageFileError('The JPEG file is damaged');
    const length = bytes.readUInt16BE(offset + 2);
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) throw new ImageFileError('The JPEG file is damaged');
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame && length >= 7) {
      height = bytes.readUInt16BE(offset + 5);
      width = bytes.readUInt16BE(offset + 7);
    }
    const metadata = marker === 0xe1 || marker === 0xec || marker === 0xed || marker === 0xfe || (marker >= 0xe3 && marker <= 0xeb) || marker === 0xef;
    if (!metadata) kept.push(bytes.subarray(offset, end));
    offset = end;
  }
  if (width === undefined) throw new ImageFileError('The JPEG file is damaged');
  return { bytes: Buffer.concat(kept), width, height };
}

const PNG_METADATA_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

function stripPng(bytes: Buffer): { bytes: Buffer; width?: number; height?: number } {
  const kept: Buffer[] = [PNG_SIGNATURE];
  let offset = 8;
  let width: number | undefined;
  let height: number | undefined;
  let ended = false;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new ImageFileError('The PNG file is damaged');
    if (type === 'IHDR') {
      width = bytes.readUInt32BE(offset + 8);
      height = bytes.readUInt32BE(offset + 12);
    }
    if (!PNG_METADATA_CHUNKS.has(type)) kept.push(bytes.subarray(offset, end));
    offset = end;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (width === undefined || !ended) throw new ImageFileError('The PNG file is damaged');
  return { bytes: Buffer.concat(kept), width, height };
}

/** WebP: EXIF and XMP chunks go, and the extended header's flags stop announcing them. */
function stripWebp(bytes: Buffer): { bytes: Buffer; width?: number; height?: number } {
  const chunks: Buffer[] = [];
  let offset = 12;
  let width: number | undefined;
  let height: number | undefined;
  while (offset + 8 <= bytes.length) {
    const type = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const end = offset + 8 + size + (size % 2);
    if (offset + 8 + size > bytes.length) throw new ImageFileError('The WebP file is damaged');
    let chunk = bytes.subarray(offset, Math.min(end, bytes.length));
    if (type === 'VP8X' && size >= 10) {
      chunk = Buffer.from(chunk);
      chunk[8] &= ~0x0c; // EXIF and XMP flags
      width = 1 + chunk.readUIntLE(12, 3);
      height = 1 + chunk.readUIntLE(15, 3);
    } else if (type === 'VP8 ' && size >= 10 && width === undefined) {
      width = bytes.readUInt16LE(offset + 14) & 0x3fff;
      height = bytes.readUInt16LE(offset + 16) & 0x3fff;
    } else if (type === 'VP8L' && size >= 5 && width === undefined) {
      const bits = bytes.readUInt32LE(offset + 9);
      width = (bits & 0x3fff) + 1;
      height = ((bits >> 14) & 0x3fff) + 1;
    }
    if (type !== 'EXIF' && type !== 'XMP ') chunks.push(chunk);
    offset = end;
  }
  if (chunks.length === 0) throw new ImageFileError('The WebP file is damaged');
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return { bytes: Buffer.concat([header, body]), width, height };
}
