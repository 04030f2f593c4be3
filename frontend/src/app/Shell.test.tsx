import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { Shell } from './Shell';
import { nav } from './nav';
import { DataVersionProvider } from './dataVersion';
import { fakeRpc } from '../test/render';

afterEach(() => {
  vi.unstubAllGlobals();
  window.location.hash = '';
});

function renderShell() {
  return render(
    <MantineProvider defaultColorScheme="light">
      <DataVersionProvider>
        <Shell />
      </DataVersionProvider>
    </MantineProvider>,
  );
}

describe('Shell', () => {
  it('lists every registered area as a link, marks the current one, and switches on Alt+n', async () => {
    fakeRpc({ 'Network.Summary': () => ({ demo: false }) });
    const user = userEvent.setup();
    renderShell();
    const areas = screen.getByRole('navigation', { name: 'Areas' });
    for (const entry of nav) {
      expect(screen.getByTestId(`nav-${entry.id}`)).toHaveAttribute('href', `#/${entry.id}`);
    }
    expect(areas.querySelectorAll('a')).toHaveLength(nav.length);
    expect(screen.getByTestId(`nav-${nav[0].id}`)).toHaveAttribute('aria-current', 'page');

    if (nav.length > 1) {
      await user.keyboard('{Alt>}2{/Alt}');
      await waitFor(() => expect(screen.getByTestId(`nav-${nav[1].id}`)).toHaveAttribute('aria-current', 'page'));
      expect(window.location.hash).toBe(`#/${nav[1].id}`);
    }
  });

  it('toggles light and dark', async () => {
    fakeRpc({ 'Network.Summary': () => ({ demo: false }) });
    const user = userEvent.setup();
    renderShell();
    const html = document.documentElement;
    expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
    await user.click(screen.getByTestId('color-scheme-toggle'));
    expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
    expect(screen.getByRole('button', { name: 'Switch to light theme' })).toBeInTheDocument();
    await user.click(screen.getByTestId('color-scheme-toggle'));
    expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  });
});
