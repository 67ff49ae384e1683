import { stemEnglish } from './english-stemmer';

describe('stemEnglish', () => {
  it.each([
    [['refund', 'refunds', 'refunded', 'refunding'], 'refund'],
    [['return', 'returns', 'returned', 'returning'], 'return'],
    [['delivery', 'deliveries'], 'delivery'],
    [['ship', 'ships', 'shipped', 'shipping'], 'ship'],
    [['cancel', 'cancels', 'canceled', 'cancelled', 'cancelling'], 'cancel'],
    [['receive', 'received', 'receives', 'receiving'], 'receiv'],
    [['reply', 'replies', 'replied', 'replying'], 'reply'],
    [['box', 'boxes'], 'box'],
    [['address', 'addresses', 'addressed'], 'address'],
    [['charge', 'charges', 'charged', 'charging'], 'charg'],
    [['month', 'monthly'], 'month'],
    [['fee', 'fees'], 'fee'],
    [['need', 'needs', 'needed'], 'need'],
  ])('%j → %s', (forms, stem) => {
    expect(forms.map(stemEnglish)).toEqual(forms.map(() => stem));
  });

  it.each(['status', 'this', 'apply', 'reply', 'thing', 'string', 'early', 'family', 'add'])(
    'leaves %s alone',
    (word) => {
      expect(stemEnglish(word)).toBe(word);
    },
  );

  it('leaves short words, numbers and non-ASCII words unchanged', () => {
    expect(stemEnglish('bus')).toBe('bus');
    expect(stemEnglish('lm20261123001')).toBe('lm20261123001');
    expect(stemEnglish('cafés')).toBe('cafés');
  });
});
