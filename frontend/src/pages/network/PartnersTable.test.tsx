import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PartnersTable } from './PartnersTable';
import { fakeRpc, renderWithProviders } from '../../test/render';
import { facets, partner } from '../../test/fixtures';
import type { PartnerQuery } from '../../api/network';

afterEach(() => vi.unstubAllGlobals());

const lastQuery = (calls: { method: string; args: unknown[] }[]) =>
  calls.filter((c) => c.method === 'Network.ListPartners').at(-1)?.args[0] as PartnerQuery;

describe('PartnersTable', () => {
  it('shows a page of rows with the total, and keeps long or markup names as truncated text', async () => {
    const tricky = `<b>Bold</b> O'Brien & Søn — ${'very long name '.repeat(8)}end`;
    const calls = fakeRpc({
      'Network.ListPartners': () => ({ items: [partner(1, { name: tricky }), partner(2)], total: 130 }),
    });
    renderWithProviders(<PartnersTable facets={facets} onOpen={() => {}} />);

    const name = await screen.findByTitle(tricky);
    expect(name.textContent).toBe(tricky);
    expect(document.querySelector('b')).toBeNull();
    expect(screen.getAllByTestId('partner-row')).toHaveLength(2);
    expect(screen.getByTestId('total')).toHaveTextContent('1–25 of 130 partners');
    expect(lastQuery(calls)).toMatchObject({ page: 1, pageSize: 25, sort: 'name', search: '', manager: 0 });
  });

  it('debounces the search into one request and sorts on header click', async () => {
    const user = userEvent.setup();
    const calls = fakeRpc({ 'Network.ListPartners': () => ({ items: [partner(1)], total: 1 }) });
    renderWithProviders(<PartnersTable facets={facets} onOpen={() => {}} />);
    await screen.findByTestId('partner-row');

    await user.type(screen.getByLabelText('Search'), 'ana');
    await waitFor(() => expect(lastQuery(calls).search).toBe('ana'));
    const searches = calls.filter((c) => c.method === 'Network.ListPartners').map((c) => (c.args[0] as PartnerQuery).search);
    expect(searches).not.toContain('a');
    expect(searches).not.toContain('an');

    await user.click(screen.getByTestId('sort-name'));
    await waitFor(() => expect(lastQuery(calls).sort).toBe('-name'));
    expect(screen.getByTestId('sort-name').closest('th')).toHaveAttribute('aria-sort', 'descending');
    await user.click(screen.getByTestId('sort-created'));
    await waitFor(() => expect(lastQuery(calls).sort).toBe('created'));
  });

  it('shows "No partners match" for a filtered empty result and clears the filters', async () => {
    const user = userEvent.setup();
    const calls = fakeRpc({
      'Network.ListPartners': (q: PartnerQuery) => (q.search ? { items: [], total: 0 } : { items: [partner(1)], total: 1 }),
    });
    renderWithProviders(<PartnersTable facets={facets} onOpen={() => {}} />);
    await screen.findByTestId('partner-row');

    await user.type(screen.getByLabelText('Search'), 'zzz');
    const empty = await screen.findByTestId('empty-filtered');
    expect(within(empty).getByText('No partners match')).toBeInTheDocument();
    await user.click(within(empty).getByRole('button', { name: 'Clear filters' }));
    await screen.findByTestId('partner-row');
    expect(lastQuery(calls).search).toBe('');
    expect(screen.getByLabelText('Search')).toHaveValue('');
  });

  it('says there are no partners yet when the network is empty', async () => {
    fakeRpc({ 'Network.ListPartners': () => ({ items: [], total: 0 }) });
    renderWithProviders(<PartnersTable facets={facets} onOpen={() => {}} />);
    expect(await screen.findByText('No partners yet')).toBeInTheDocument();
  });

  it('shows the backend error with a retry that reloads', async () => {
    const user = userEvent.setup();
    let fail = true;
    fakeRpc({
      'Network.ListPartners': () => {
        if (fail) throw { status: 500, code: 'internal', message: 'database disk image is malformed' };
        return { items: [partner(5)], total: 1 };
      },
    });
    renderWithProviders(<PartnersTable facets={facets} onOpen={() => {}} />);
    const alert = await screen.findByTestId('list-error');
    expect(alert).toHaveTextContent('Could not load partners');
    expect(alert).toHaveTextContent('database disk image is malformed');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await screen.findByTestId('partner-row');
    expect(screen.queryByTestId('list-error')).toBeNull();
  });

  it('opens a partner with the keyboard', async () => {
    const user = userEvent.setup();
    fakeRpc({ 'Network.ListPartners': () => ({ items: [partner(42)], total: 1 }) });
    const onOpen = vi.fn();
    renderWithProviders(<PartnersTable facets={facets} onOpen={onOpen} />);
    const row = await screen.findByTestId('partner-row');
    row.focus();
    await user.keyboard('{Enter}');
    expect(onOpen).toHaveBeenCalledWith(42);
  });

  it('moves to the next page on the server', async () => {
    const user = userEvent.setup();
    const calls = fakeRpc({
      'Network.ListPartners': (q: PartnerQuery) => ({ items: [partner(q.page * 100)], total: 60 }),
    });
    renderWithProviders(<PartnersTable facets={facets} onOpen={() => {}} />);
    await screen.findByTestId('partner-row');
    await user.click(screen.getByRole('button', { name: '2' }));
    await waitFor(() => expect(lastQuery(calls).page).toBe(2));
    expect(await screen.findByText('Partner 200')).toBeInTheDocument();
    expect(screen.getByTestId('total')).toHaveTextContent('26–50 of 60 partners');
  });
});
