import { safeHref, tokenize } from './markdown';

describe('the Markdown kefu shows (links only)', () => {
  it('keeps HTML as literal text', () => {
    expect(tokenize('<img src=x onerror=alert(1)> <b>bold</b>')).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)> <b>bold</b>' }]);
  });

  it('turns [label](https://…) and bare http(s) URLs into links, trailing punctuation left out', () => {
    expect(tokenize('见[退货政策](https://shop.example/returns)。或 https://shop.example/help。')).toEqual([
      { kind: 'text', text: '见' },
      { kind: 'link', text: '退货政策', href: 'https://shop.example/returns' },
      { kind: 'text', text: '。或 ' },
      { kind: 'link', text: 'https://shop.example/help', href: 'https://shop.example/help' },
      { kind: 'text', text: '。' },
    ]);
  });

  it('never links javascript:, data: or relative targets', () => {
    expect(tokenize('[click](javascript:alert(1)) [x](data:text/html,hi) [y](/admin)').every((token) => token.kind === 'text')).toBe(true);
    expect(safeHref('javascript:alert(1)')).toBe(false);
    expect(safeHref('https://a.example')).toBe(true);
  });
});
