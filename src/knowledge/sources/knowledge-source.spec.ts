import { classify } from './knowledge-source';

describe('classify', () => {
  it.each([
    ['kefu.yaml', 'settings'],
    ['faq/returns.faq.yaml', 'faq'],
    ['deep/dir/x.FAQ.yml', 'faq'],
    ['announcements/delay.md', 'announcement'],
    ['docs/a.md', 'document'],
    ['a.txt', 'document'],
    ['b.pdf', 'document'],
    ['c.docx', 'document'],
    ['d.html', 'document'],
    ['other.yaml', undefined],
    ['image.png', undefined],
    ['docs/.hidden.md', undefined],
    ['docs/~$lock.docx', undefined],
    ['sub/kefu.yaml', undefined],
  ])('%s → %s', (path, kind) => {
    expect(classify(path)).toBe(kind);
  });
});
