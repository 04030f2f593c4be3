import { useEffect, useRef } from 'react';
import { onEvent, type EventName, type EventPayloads } from '../api/transport';

/**
 * Subscribes a component to a backend event (Wails events in the app, SSE in a browser)
 * for as long as it is mounted. The latest handler is always called, so it may close over
 * state without resubscribing. Names are the generated `Events` constants, and the handler
 * gets the payload type the Go side sends with that event.
 */
export function useEvent<N extends EventName>(name: N, handler: (data: EventPayloads[N]) => void) {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => onEvent(name, (d) => ref.current(d)), [name]);
}
