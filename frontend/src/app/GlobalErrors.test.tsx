import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { GlobalErrors } from './GlobalErrors';
import { useDataVersion } from './dataVersion';
import { renderWithProviders } from '../test/render';
import { ApiError } from '../api/transport';

afterEach(() => vi.unstubAllGlobals());

function Version() {
  return <p data-testid="version">{useDataVersion().version}</p>;
}

describe('GlobalErrors', () => {
  it('turns an uncaught ApiError into a notification with the backend message', async () => {
    vi.stubGlobal('fetch', () => new Promise(() => {})); // event stream never answers
    renderWithProviders(<GlobalErrors />);
    const ev = new Event('unhandledrejection', { cancelable: true }) as Event & { reason?: unknown };
    ev.reason = new ApiError('conflict', 'audience "VIP" already exists: choose another name');
    act(() => {
      window.dispatchEvent(ev);
    });
    expect(await screen.findByText('audience "VIP" already exists: choose another name')).toBeInTheDocument();
    expect(screen.getByText('A request failed: Conflict')).toBeInTheDocument();
    expect(ev.defaultPrevented).toBe(true);
  });

  it('reloads every view when the event stream reports dropped events', async () => {
    const enc = new TextEncoder();
    vi.stubGlobal('fetch', async (url: string) => {
      expect(url).toBe('/events');
      return new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(enc.encode('event: events.dropped\ndata: {"count":3}\n\n'));
            // stays open, like a live stream
          },
        }),
        { status: 200 },
      );
    });
    renderWithProviders(
      <>
        <GlobalErrors />
        <Version />
      </>,
    );
    await waitFor(() => expect(screen.getByTestId('version')).toHaveTextContent('1'));
  });
});
