import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/transport';

export interface Live<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** A request is waiting for its debounce or in flight. */
  pending: boolean;
}

/**
 * Asks the backend for `fn(input)` as the input changes, without blocking typing: calls wait
 * `delay` ms after the last change, at most one is in flight, and while it runs newer inputs
 * replace each other, so only the latest is sent next. Answers for stale inputs are dropped.
 * `key` must change whenever the input does (a JSON string of it is fine).
 */
export function useLive<I, T>(input: I, key: string, fn: (input: I) => Promise<T>, delay = 300): Live<T> {
  const [state, setState] = useState<Live<T>>({ data: undefined, error: undefined, pending: true });
  const latest = useRef({ key, input });
  const busy = useRef(false);
  const answered = useRef<string | null>(null);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    latest.current = { key, input };
    setState((s) => (s.pending ? s : { ...s, pending: true }));
    const timer = window.setTimeout(() => {
      // A running call sends the latest input itself when it returns.
      if (busy.current) return;
      if (answered.current === latest.current.key) setState((s) => ({ ...s, pending: false }));
      else void run();
    }, delay);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, delay]);

  async function run() {
    busy.current = true;
    const { key: sent, input: arg } = latest.current;
    let result: Partial<Live<T>>;
    try {
      result = { data: await fnRef.current(arg), error: undefined };
    } catch (e) {
      result = { error: e instanceof ApiError ? e : new ApiError('internal', e instanceof Error ? e.message : String(e)) };
    }
    busy.current = false;
    if (latest.current.key !== sent) {
      void run(); // the input changed meanwhile: this answer is stale
      return;
    }
    answered.current = sent;
    setState((s) => ({ ...s, ...result, pending: false }));
  }

  return state;
}
