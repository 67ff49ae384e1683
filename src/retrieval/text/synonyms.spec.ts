import { SynonymTable } from './synonyms';

describe('SynonymTable', () => {
  const table = new SynonymTable({
    快递: ['物流', '包裹', '快递公司'],
    'Money Back': ['refund', 'reimbursement'],
    '退款': ['退钱'],
    '物流': ['运输'],
  });

  it('replaces Chinese phrases in the normalised text, the longest first', () => {
    expect(table.segments('快递公司电话')).toEqual([{ canonical: '快递' }, { text: '电话' }]);
    expect(table.segments('我的包裹和物流')).toEqual([
      { text: '我的' },
      { canonical: '快递' },
      { text: '和' },
      { canonical: '快递' },
    ]);
  });

  it('joins a multi-word canonical word into one token', () => {
    expect(table.segments('i want my money back')).toEqual([{ text: 'i want my ' }, { canonical: 'money_back' }]);
  });

  it('looks single Latin words up by their stem', () => {
    expect(table.canonicalOf('refund')).toBe('money_back');
    expect(table.canonicalOf('reimbursement')).toBe('money_back');
  });

  it('keeps a variant in the first group that lists it', () => {
    expect(table.segments('物流')).toEqual([{ canonical: '快递' }]);
    expect(table.segments('运输')).toEqual([{ canonical: '物流' }]);
  });

  it('passes text through untouched without synonyms', () => {
    expect(new SynonymTable().segments('快递 refund')).toEqual([{ text: '快递 refund' }]);
  });
});
