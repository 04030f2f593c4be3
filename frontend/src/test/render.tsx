import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { vi } from 'vitest';
import { DataVersionProvider } from '../app/dataVersion';
import { theme } from '../app/theme';
import type { ArgsOf, MethodPath, ResultOf } from '../api/generated';

export function renderWithProviders(ui: ReactNode) {
  return render(
    <MantineProvider theme={theme} env="test">
      <Notifications />
      <DataVersionProvider>{ui}</DataVersionProvider>
    </MantineProvider>,
  );
}

export interface RpcCall {
  method: string;
  args: unknown[];
}

/** What a fake may answer: the method's generated result type, with any property left out. */
type Reply<T> = T extends readonly (infer E)[] ? Reply<E>[] : T extends object ? { [K in keyof T]?: Reply<T[K]> } : T;

/**
 * A fake for each method, typed by the generated contract: its arguments are the method's,
 * and what it answers has the result's shape (a renamed field is a type error here too).
 * Method syntax keeps the parameters bivariant, so a fake may name a narrower argument type.
 */
export type Handlers = {
  [P in MethodPath]?: { fake(...args: ArgsOf<P>): Reply<ResultOf<P>> | Promise<Reply<ResultOf<P>>> | void }['fake'];
};
type Handler = (...args: unknown[]) => unknown;

/**
 * Replaces fetch with a fake HTTP bridge: POST /rpc/Service.Method runs handlers["Service.Method"]
 * with the decoded arguments. A handler that throws {status, code, message} answers with the
 * bridge's error body. Every call is recorded, so tests assert what the UI asked for.
 */
export function fakeRpc(handlers: Handlers) {
  const calls: RpcCall[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const method = decodeURIComponent(String(url).replace(/^.*\/rpc\//, ''));
    const args = JSON.parse(String(init.body ?? '[]')) as unknown[];
    calls.push({ method, args });
    const h = handlers[method as MethodPath] as Handler | undefined;
    if (!h) return json(404, { error: { code: 'not_found', message: `unknown method ${method}` } });
    try {
      return json(200, (await h(...args)) ?? null);
    } catch (e) {
      const err = e as { status?: number; code?: string; message?: string };
      return json(err.status ?? 500, { error: { code: err.code ?? 'internal', message: err.message } });
    }
  });
  return calls;
}

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}
