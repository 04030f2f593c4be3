import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, Events, backoff, call, onEvent, readSse, token } from './transport';

type FetchArgs = [string, RequestInit];

function jsonResponse(status: number, body: unknown) {
  return new Response(body === undefined ? '' : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function streamOf(chunks: string[]) {
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(c) {
      chunks.forEach((s) => c.enqueue(enc.encode(s)));
      c.close();
    },
  });
}

beforeEach(() => {
  sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

afterEach(() => {
  vi.unstubAllGlobals();
  delete (window as unknown as { go?: unknown }).go;
  delete (window as unknown as { runtime?: unknown }).runtime;
});

describe('token', () => {
  it('takes ?token= from the URL, keeps it for the session and strips it from the address bar', () => {
    window.history.replaceState(null, '', '/?token=s3cret&x=1#/network');
    expect(token()).toBe('s3cret');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#/network');
    expect(sessionStorage.getItem('commhub.token')).toBe('s3cret');
    expect(token()).toBe('s3cret');
  });
});

describe('call over HTTP', () => {
  it('POSTs the arguments as a JSON array with the bearer token and returns the result', async () => {
    window.history.replaceState(null, '', '/?token=tok');
    const fetchMock = vi.fn(async (..._a: FetchArgs) => jsonResponse(200, { items: [{ id: 7 }], total: 1 }));
    vi.stubGlobal('fetch', fetchMock);

    const got = await call<{ total: number }>('Network', 'ListPartners', { page: 1, pageSize: 50 });

    expect(got.total).toBe(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/rpc/Network.ListPartners');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual([{ page: 1, pageSize: 50 }]);
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it('sends an empty array for no arguments and accepts a null result', async () => {
    const fetchMock = vi.fn(async (..._a: FetchArgs) => jsonResponse(200, null));
    vi.stubGlobal('fetch', fetchMock);
    await expect(call('Network', 'ClearDemo')).resolves.toBeNull();
    expect(fetchMock.mock.calls[0][1].body).toBe('[]');
  });

  it('turns the bridge error body into an ApiError with its code and message', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse(400, { error: { code: 'invalid', message: 'pageSize 9000 is out of range (1..500)' } }),
    );
    const err = await call('Network', 'ListPartners', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid', status: 400, message: 'pageSize 9000 is out of range (1..500)' });
  });

  it('explains a refused token', async () => {
    vi.stubGlobal('fetch', async () => new Response('unauthorized', { status: 401 }));
    const err = (await call('Network', 'Summary').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('unauthorized');
    expect(err.message).toMatch(/token/);
  });

  it('reports a non-JSON server failure with the status', async () => {
    vi.stubGlobal('fetch', async () => new Response('boom', { status: 502 }));
    const err = (await call('Network', 'Summary').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('internal');
    expect(err.message).toContain('HTTP 502');
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = (await call('Network', 'Summary').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/Cannot reach the CommHub server/);
  });
});

describe('call inside Wails', () => {
  it('calls window.go.api[service][method] with the arguments and never fetches', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const getPartner = vi.fn(async (id: number) => ({ partner: { id } }));
    (window as unknown as { go: unknown }).go = { api: { Network: { GetPartner: getPartner } } };

    const got = await call<{ partner: { id: number } }>('Network', 'GetPartner', 42);

    expect(got.partner.id).toBe(42);
    expect(getPartner).toHaveBeenCalledWith(42);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('maps a rejected binding to ApiError, decoding a JSON fault when present', async () => {
    (window as unknown as { go: unknown }).go = {
      api: {
        Network: {
          GetPartner: async () => {
            throw '{"code":"not_found","message":"partner 9 does not exist"}';
          },
          Summary: async () => {
            throw 'database is locked';
          },
        },
      },
    };
    await expect(call('Network', 'GetPartner', 9)).rejects.toMatchObject({
      code: 'not_found',
      message: 'partner 9 does not exist',
    });
    await expect(call('Network', 'Summary')).rejects.toMatchObject({ code: 'internal', message: 'database is locked' });
  });

  it('reports a method the binary does not have', async () => {
    (window as unknown as { go: unknown }).go = { api: { Network: {} } };
    await expect(call('Network', 'Nope')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('events', () => {
  it('uses Wails EventsOn in the app and its canceller on unsubscribe', () => {
    const off = vi.fn();
    let registered: ((...d: unknown[]) => void) | undefined;
    (window as unknown as { go: unknown }).go = { api: {} };
    (window as unknown as { runtime: unknown }).runtime = {
      EventsOn: (_n: string, cb: (...d: unknown[]) => void) => {
        registered = cb;
        return off;
      },
    };
    const seen: unknown[] = [];
    const unsubscribe = onEvent(Events.DeliveryProgress, (d) => seen.push(d));
    registered?.({ sent: 3 });
    expect(seen).toEqual([{ sent: 3 }]);
    unsubscribe();
    expect(off).toHaveBeenCalled();
  });

  it('parses SSE frames, with event names, unnamed JSON envelopes, comments and CRLF', async () => {
    const got: [string, unknown][] = [];
    await readSse(
      streamOf([
        ': keep-alive\n\n',
        'event: import:progress\ndata: {"done":1',
        '0,"total":20}\n\n',
        'data: {"name":"notice","data":{"text":"hi"}}\r\n\r\n',
        'event: plain\ndata: line1\ndata: line2\n\n',
      ]),
      (n, d) => got.push([n, d]),
    );
    expect(got).toEqual([
      ['import:progress', { done: 10, total: 20 }],
      ['notice', { text: 'hi' }],
      ['plain', 'line1\nline2'],
    ]);
  });

  it('streams GET /events with the bearer header in a browser and delivers to subscribers', async () => {
    window.history.replaceState(null, '', '/?token=evt');
    let init: RequestInit | undefined;
    const fetchMock = vi.fn(async (url: string, i: RequestInit) => {
      init = i;
      expect(url).toBe('/events');
      return new Response(streamOf(['event: events.dropped\ndata: {"count":1}\n\n']), { status: 200 });
    });
    vi.stubGlobal('fetch', fetchMock);
    const got = await new Promise<unknown>((resolve) => {
      const off = onEvent(Events.EventsDropped, (d) => {
        off();
        resolve(d);
      });
    });
    expect(got).toEqual({ count: 1 });
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer evt');
  });

  it('backs off from 1 s doubling up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(backoff)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});
