import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLive } from './useLive';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

// A backend whose answers the test releases one by one.
function slowBackend() {
  const calls: { input: string; resolve: (v: string) => void }[] = [];
  const fn = (input: string) => new Promise<string>((resolve) => calls.push({ input, resolve }));
  return { calls, fn };
}

const flush = () => act(async () => {});

describe('useLive', () => {
  it('sends one request after typing stops', async () => {
    const b = slowBackend();
    const { result, rerender } = renderHook(({ v }) => useLive(v, v, b.fn, 300), { initialProps: { v: 'a' } });
    for (const v of ['ab', 'abc', 'abcd']) {
      rerender({ v });
      await act(async () => void vi.advanceTimersByTime(100));
    }
    expect(b.calls).toHaveLength(0);
    await act(async () => void vi.advanceTimersByTime(300));
    expect(b.calls.map((c) => c.input)).toEqual(['abcd']);
    expect(result.current.pending).toBe(true);
    b.calls[0].resolve('count of abcd');
    await flush();
    expect(result.current).toMatchObject({ data: 'count of abcd', pending: false });
  });

  it('never shows a stale answer and keeps one request in flight', async () => {
    const b = slowBackend();
    const { result, rerender } = renderHook(({ v }) => useLive(v, v, b.fn, 300), { initialProps: { v: 'x' } });
    await act(async () => void vi.advanceTimersByTime(300));
    rerender({ v: 'y' });
    await act(async () => void vi.advanceTimersByTime(300));
    rerender({ v: 'z' });
    await act(async () => void vi.advanceTimersByTime(300));
    expect(b.calls.map((c) => c.input)).toEqual(['x']); // y and z wait for x
    b.calls[0].resolve('answer x');
    await flush();
    expect(result.current.data).toBeUndefined(); // x is stale: not shown
    expect(b.calls.map((c) => c.input)).toEqual(['x', 'z']); // y was superseded, never sent
    b.calls[1].resolve('answer z');
    await flush();
    expect(result.current).toMatchObject({ data: 'answer z', pending: false });
  });

  it('reports the error of the latest input', async () => {
    const fn = vi.fn((v: string) => (v === 'bad' ? Promise.reject(new Error('group 1 rule 1: nope')) : Promise.resolve(v)));
    const { result, rerender } = renderHook(({ v }) => useLive(v, v, fn, 300), { initialProps: { v: 'bad' } });
    await act(async () => void vi.advanceTimersByTime(300));
    await flush();
    expect(result.current.error?.message).toBe('group 1 rule 1: nope');
    rerender({ v: 'good' });
    await act(async () => void vi.advanceTimersByTime(300));
    await flush();
    expect(result.current).toMatchObject({ data: 'good', error: undefined, pending: false });
  });
});
