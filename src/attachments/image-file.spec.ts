import { jpegWithExif, pngWithText, webpWithExif } from '../../test/support/images';
import { cleanImage, ImageFileError, sniffImageType } from './image-file';

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
