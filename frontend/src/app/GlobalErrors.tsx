import { useEffect } from 'react';
import { ApiError, Events } from '../api/transport';
import { useEvent } from '../lib/useEvent';
import { useDataVersion } from './dataVersion';
import { notifyError } from './notify';

/**
 * App-wide safety nets, mounted once by the shell:
 * - a failed call that no page caught still reaches the user as a notification with the
 *   backend's message, instead of vanishing into the console;
 * - when the event stream had to drop events (Events.EventsDropped), every view reloads, since
 *   it may have missed a change.
 */
export function GlobalErrors() {
  const { bump } = useDataVersion();
  useEffect(() => {
    const onRejection = (e: PromiseRejectionEvent) => {
      if (e.reason instanceof ApiError) {
        e.preventDefault();
        notifyError('A request failed', e.reason);
      }
    };
    window.addEventListener('unhandledrejection', onRejection);
    return () => window.removeEventListener('unhandledrejection', onRejection);
  }, []);
  useEvent(Events.EventsDropped, bump);
  return null;
}
