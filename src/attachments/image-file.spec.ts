import { deflateSync } from 'node:zlib';
import { cleanImage, ImageFileError, sniffImageType } from './image-file';

function segment(marker: number, payload: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** A JPEG's structure (not decodable pixels): SOI, JFIF, EXIF with a GPS tag, a comment, SOF0 640×480, SOS, EOI. */
function jpegWithExif(): Buffer {
  const sof = Buffer.from([8, 0x01, 0xe0, 0x02, 0x80, 1, 1, 0x11, 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, Buffer.from('Exif\0\0GPSLatitude 31.2304 N GPSLongitude 121.4737 E', 'latin1')),
    segment(0xfe, Buffer.from('taken at home', 'latin1')),
    segment(0xc0, sof),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

function pngWithText(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(3, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('tEXt', Buffer.from('Location\0Shanghai, home address', 'latin1')),
    pngChunk('eXIf', Buffer.from('MM\0*GPS', 'latin1')),
    pngChunk('IDAT', deflateSync(Buffer.alloc(2 * (1 + 3 * 3)))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function webpWithExif(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const header = Buffer.alloc(8);
    header.write(type, 0, 'latin1');
    header.writeUInt32LE(data.length, 4);
    return Buffer.concat([header, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x0c; // EXIF + XMP announced
  vp8x.writeUIntLE(99, 4, 3);
  vp8x.writeUIntLE(49, 7, 3);
  const body = Buffer.concat([chunk('VP8X', vp8x), chunk('VP8L', Buffer.from([0x2f, 0, 0, 0, 0])), chunk('EXIF', Buffer.from('GPS 31.2 121.4', 'latin1')), chunk('XMP ', Buffer.from('<x:xmpmeta/>', 'latin1'))]);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}

describe('image files', () => {
  it('reads the type from the bytes, whatever the file is called', () => {
    expect(sniffImageType(jpegWithExif())).toBe('image/jpeg');
    expect(sniffImageType(pngWithText())).toBe('image/png');
    expect(sniffImageType(webpWithExif())).toBe('image/webp');
    expect(sniffImageType(Buffer.from('MZ\x90\0\x03\0\0\0 this is a Windows program', 'latin1'))).toBeUndefined();
    expect(() => cleanImage(Buffer.from('MZ\x90\0 renamed.exe', 'latin1'))).toThrow(ImageFileError);
  });

  it('drops EXIF (GPS) and comments from a JPEG and keeps the rest byte for byte', () => {
    const original = jpegWithExif();
    const clean = cleanImage(original);
    expect(clean).toMatchObject({ contentType: 'image/jpeg', width: 640, height: 480 });
    expect(clean.bytes.toString('latin1')).not.toMatch(/GPS|Exif|taken at home/);
    expect(clean.bytes.toString('latin1')).toContain('JFIF');
    expect(clean.bytes.subarray(-7)).toEqual(original.subarray(-7));
  });

  it('drops text and EXIF chunks from a PNG', () => {
    const clean = cleanImage(pngWithText());
    expect(clean).toMatchObject({ contentType: 'image/png', width: 3, height: 2 });
    expect(clean.bytes.toString('latin1')).not.toMatch(/Shanghai|GPS/);
    expect(clean.bytes.toString('latin1')).toContain('IDAT');
  });

  it('drops EXIF and XMP from a WebP and clears their flags', () => {
    const clean = cleanImage(webpWithExif());
    expect(clean).toMatchObject({ contentType: 'image/webp', width: 100, height: 50 });
    expect(clean.bytes.toString('latin1')).not.toMatch(/GPS|xmpmeta/);
    expect(clean.bytes[20] & 0x0c).toBe(0);
    expect(clean.bytes.readUInt32LE(4)).toBe(clean.bytes.length - 8);
  });

  it('refuses a damaged file', () => {
    expect(() => cleanImage(jpegWithExif().subarray(0, 30))).toThrow(ImageFileError);
    expect(() => cleanImage(pngWithText().subarray(0, 40))).toThrow(ImageFileError);
  });
});
