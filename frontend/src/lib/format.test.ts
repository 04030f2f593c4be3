import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, humanize } from './format';

describe('format', () => {
  it('formats integer cents with the currency, without float drift', () => {
    expect(formatMoney(123456, 'USD')).toMatch(/1,234\.56/);
    expect(formatMoney(123456, 'USD')).toContain('$');
    expect(formatMoney(1, 'EUR')).toMatch(/0\.01/);
    expect(formatMoney(1, 'EUR')).toContain('€');
    expect(formatMoney(-250, 'usd')).toMatch(/2\.50/);
    expect(formatMoney(1999999999999, 'USD')).toMatch(/19,999,999,999\.99/);
  });

  it('still shows an amount for an unknown currency code', () => {
    expect(formatMoney(500, 'XXXX')).toMatch(/5\.00 XXXX/);
  });

  it('shows a dash for missing or zero times', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate('0001-01-01T00:00:00Z')).toBe('—');
    expect(formatDate('2026-03-04T12:00:00Z')).toMatch(/2026/);
  });

  it('humanizes enum values', () => {
    expect(humanize('require_approval')).toBe('Require approval');
    expect(humanize('')).toBe('—');
  });
});
