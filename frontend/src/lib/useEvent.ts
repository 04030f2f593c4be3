import { useEffect, useRef } from 'react';
import { onEvent } from '../api/transport';

/**
 * Subscribes a component to a backend event (Wails events in the app, SSE in a browser)
 * for as long as it is mounted. The latest handler is always called, so it may close over
 * state without resubscribing.
 */
export function useEvent<T = unknown>(name: string, handler: (data: T) => void) {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => onEvent(name, (d) => ref.current(d as T)), [name]);
}
