import { notifications } from '@mantine/notifications';
import { ApiError } from '../api/transport';

const titles: Record<string, string> = {
  invalid: 'Check your input',
  not_found: 'Not found',
  conflict: 'Conflict',
  unauthorized: 'Not signed in',
  network: 'Server unreachable',
};

/** Shows a failed call as a notification: "<what> failed" and the backend's own message. */
export function notifyError(what: string, err: unknown) {
  const e = err instanceof ApiError ? err : new ApiError('internal', err instanceof Error ? err.message : String(err));
  notifications.show({
    id: `${what}:${e.message}`,
    color: 'red',
    title: `${what}: ${titles[e.code] ?? 'error'}`,
    message: e.message,
    autoClose: 8000,
  });
}

export function notifySuccess(title: string, message: string) {
  notifications.show({ color: 'teal', title, message, autoClose: 4000 });
}
