import { describe, expect, it } from 'vitest';
import { formatRecipients, parseRecipients } from './recipientText';

describe('parseRecipients', () => {
  it('splits IDs, addresses and junk', () => {
    expect(parseRecipients('5001, 5002\n<Ann@Example.com>; 5001 nope x@y')).toEqual({
      ids: [5001, 5002],
      emails: ['ann@example.com'],
      bad: ['nope', 'x@y'],
    });
  });
  it('round-trips', () => {
    expect(parseRecipients(formatRecipients([1, 2], ['a@b.co']))).toEqual({ ids: [1, 2], emails: ['a@b.co'], bad: [] });
  });
});
