// The one transport between the UI and the Go services.
//
// Inside the desktop app Wails injects window.go.api.<Service>.<Method>; in a browser served
// by `commhubd web` the same services answer POST /rpc/<Service>.<Method> with a JSON array of
// arguments. Pages never talk to either directly: they use the typed modules beside this file
// (network.ts, ...), which call `invoke()`. The services' signatures and the event names come
// from generated.ts, which is written from the Go types (`CGO_ENABLED=0 go run ./cmd/tsgen`).
import type { EventName, EventPayloads, MethodName, ServiceName, Services } from './generated';

export { Events } from './generated';
export type { EventName, EventPayloads } from './generated';

/** Error codes the bridge sends, plus the ones the transport itself produces. */
export type ApiErrorCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'internal'
  | 'unauthorized'
  | 'network'
  | (string & {});

/** A failed call: `code` says what kind, `message` says what to do about it. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  constructor(code: ApiErrorCode, message: string, status = 0) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

type WailsMethod = (...args: unknown[]) => Promise<unknown>;
interface WailsWindow {
  go?: { api?: Record<string, Record<string, WailsMethod>> };
  runtime?: {
    EventsOn?: (name: string, cb: (...data: unknown[]) => void) => (() => void) | void;
    EventsOff?: (name: string) => void;
  };
}

function wails(): WailsWindow | undefined {
  const w = window as unknown as WailsWindow;
  return w.go ? w : undefined;
}

const TOKEN_KEY = 'commhub.token';

/**
 * The bearer token for the HTTP bridge. `commhubd web` prints a URL with ?token=...; we keep
 * it in sessionStorage (so reloads work) and strip it from the address bar (so it does not
 * end up in history, bookmarks or screenshots).
 */
export function token(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function authHeaders(): Record<string, string> {
  const t = token();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

type Signature<S extends ServiceName, M extends MethodName<S>> = Services[S][M] extends { args: infer A extends unknown[]; result: infer R }
  ? { args: A; result: R }
  : never;

/**
 * Calls Service.Method with the arguments and result the Go method has: a service or method
 * that does not exist, or an argument of the wrong shape, fails the TypeScript build.
 */
export function invoke<S extends ServiceName, M extends MethodName<S>>(
  service: S,
  method: M,
  ...args: Signature<S, M>['args']
): Promise<Signature<S, M>['result']> {
  return call<Signature<S, M>['result']>(service, method, ...args);
}

/** Calls Service.Method by name, unchecked; pages use the typed modules (and invoke) instead. */
export async function call<T>(service: string, method: string, ...args: unknown[]): Promise<T> {
  const w = wails();
  if (w) return callWails<T>(w, service, method, args);
  return callHttp<T>(service, method, args);
}

async function callWails<T>(w: WailsWindow, service: string, method: string, args: unknown[]): Promise<T> {
  const fn = w.go?.api?.[service]?.[method];
  if (typeof fn !== 'function') {
    throw new ApiError('not_found', `${service}.${method} is not available in this version of the app.`);
  }
  try {
    return (await fn(...args)) as T;
  } catch (err) {
    throw wailsError(err);
  }
}

// Wails rejects with the Go error's text. The desktop side may encode the fault kind as
// {"code","message"} JSON; anything else is an internal error with its text kept.
function wailsError(err: unknown): ApiError {
  const text = err instanceof Error ? err.message : String(err);
  try {
    const parsed = JSON.parse(text) as { code?: string; message?: string; error?: { code?: string; message?: string } };
    const e = parsed.error ?? parsed;
    if (e && typeof e.message === 'string') return new ApiError(e.code ?? 'internal', e.message);
  } catch {
    // not JSON: plain error text
  }
  return new ApiError('internal', text || 'The call failed without a message.');
}

async function callHttp<T>(service: string, method: string, args: unknown[]): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/rpc/${encodeURIComponent(service)}.${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authHeaders() },
      body: JSON.stringify(args),
    });
  } catch (err) {
    throw new ApiError(
      'network',
      `Cannot reach the CommHub server (${err instanceof Error ? err.message : String(err)}). Check that commhubd is still running.`,
    );
  }
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      if (res.ok) throw new ApiError('internal', `${service}.${method} answered something that is not JSON.`, res.status);
    }
  }
  if (res.ok) return body as T;
  throw httpError(res.status, body, text, service, method);
}

function httpError(status: number, body: unknown, text: string, service: string, method: string): ApiError {
  const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
  if (e && typeof e.message === 'string') {
    const code = e.code ?? (status === 401 ? 'unauthorized' : status >= 500 ? 'internal' : 'invalid');
    return new ApiError(code, e.message, status);
  }
  if (status === 401 || status === 403) {
    return new ApiError(
      'unauthorized',
      'The server refused the access token. Open the address that commhubd printed at start (it ends in ?token=...).',
      status,
    );
  }
  const detail = text.trim().slice(0, 200);
  return new ApiError(
    status >= 500 ? 'internal' : 'invalid',
    `${service}.${method} failed with HTTP ${status}${detail ? `: ${detail}` : ''}.`,
    status,
  );
}

/** The SSE endpoint of the HTTP bridge. */
const EVENTS_PATH = '/events';

type Handler = (data: unknown) => void;
const handlers = new Map<string, Set<Handler>>();
let stream: AbortController | null = null;

/**
 * Subscribes to a backend event (progress, notices). Returns the unsubscribe function.
 * In the desktop app this is Wails' EventsOn; in a browser one shared SSE stream from
 * GET /events is read with fetch (EventSource cannot send the bearer header).
 */
export function onEvent<N extends EventName>(name: N, handle: (data: EventPayloads[N]) => void): () => void {
  const handler = handle as Handler;
  const w = wails();
  if (w?.runtime?.EventsOn) {
    const off = w.runtime.EventsOn(name, (...data: unknown[]) => handler(data[0]));
    return () => {
      if (typeof off === 'function') off();
      else w.runtime?.EventsOff?.(name);
    };
  }
  let set = handlers.get(name);
  if (!set) handlers.set(name, (set = new Set()));
  set.add(handler);
  if (!stream) startStream();
  return () => {
    set.delete(handler);
    if (set.size === 0) handlers.delete(name);
    if (handlers.size === 0 && stream) {
      stream.abort();
      stream = null;
    }
  };
}

function dispatch(name: string, data: unknown) {
  handlers.get(name)?.forEach((h) => {
    try {
      h(data);
    } catch (err) {
      console.error(`event handler for ${name} failed`, err);
    }
  });
}

/** Back-off between reconnects: 1 s doubling to 30 s; reset once a stream opens. */
export const backoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

function startStream() {
  const ctrl = new AbortController();
  stream = ctrl;
  void (async () => {
    let attempt = 0;
    while (!ctrl.signal.aborted) {
      try {
        const res = await fetch(EVENTS_PATH, {
          headers: { Accept: 'text/event-stream', ...authHeaders() },
          signal: ctrl.signal,
        });
        if (res.ok && res.body) {
          attempt = 0;
          await readSse(res.body, dispatch);
        }
      } catch {
        // dropped or refused: fall through to the back-off
      }
      if (ctrl.signal.aborted) return;
      await new Promise((r) => setTimeout(r, backoff(attempt++)));
    }
  })();
}

/**
 * Parses a text/event-stream body and calls emit(name, data) per event. An event without an
 * `event:` line whose data is {"name":..., "data":...} is unwrapped, so either framing works.
 */
export async function readSse(body: ReadableStream<Uint8Array>, emit: (name: string, data: unknown) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let name = '';
  let data: string[] = [];
  const flush = () => {
    if (data.length === 0) {
      name = '';
      return;
    }
    let payload: unknown = data.join('\n');
    try {
      payload = JSON.parse(payload as string);
    } catch {
      // plain text payload
    }
    if (!name && payload && typeof payload === 'object' && 'name' in payload) {
      const p = payload as { name: string; data?: unknown };
      emit(p.name, p.data);
    } else {
      emit(name || 'message', payload);
    }
    name = '';
    data = [];
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buf.search(/\r?\n/)) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(buf[nl] === '\r' ? nl + 2 : nl + 1);
      if (line === '') flush();
      else if (line.startsWith(':')) continue;
      else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') name = val;
        else if (field === 'data') data.push(val);
      }
    }
  }
  flush();
}
