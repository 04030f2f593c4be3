import { describe, expect, it } from 'vitest';
import { formatDuration, formatRate } from './format';

describe('communications formatting', () => {
  it('formats durations at every scale', () => {
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
  });
  it('formats rates per second or per minute', () => {
    expect(formatRate(0)).toBe('—');
    expect(formatRate(0.5)).toBe('30.0/min');
    expect(formatRate(4.25)).toBe('4.3/s');
    expect(formatRate(120)).toBe('120/s');
  });
});
