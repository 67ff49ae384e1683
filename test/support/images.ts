import { deflateSync } from 'node:zlib';

/** Image files for the attachment tests: structures with metadata to strip (and a GPS position to lose). */
function segment(marker: number, payload: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** A JPEG's structure (not decodable pixels): SOI, JFIF, EXIF with a GPS tag, a comment, SOF0 640×480, SOS, EOI. */
export function jpegWithExif(): Buffer {
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

export function pngWithText(): Buffer {
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

export function webpWithExif(): Buffer {
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


/** EXIF with a GPS position, put in front of a real JPEG's first segment (e.g. a Chromium screenshot). */
export function withExifGps(jpeg: Buffer): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), segment(0xe1, Buffer.from('Exif\0\0GPSLatitude 31.2304 N GPSLongitude 121.4737 E', 'latin1')), jpeg.subarray(2)]);
}
