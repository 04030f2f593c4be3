import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OffersTable } from './OffersTable';
import { fakeRpc, renderWithProviders } from '../../test/render';
import { facets } from '../../test/fixtures';
import type { OfferQuery, OfferRow } from '../../api/network';

afterEach(() => vi.unstubAllGlobals());

const offer = (id: number, over: Partial<OfferRow> = {}): OfferRow => ({
  id,
  name: `Offer ${id}`,
  status: 'active',
  visibility: 'public',
  payoutCents: 1250,
  revenueCents: 2000,
  currency: 'USD',
  previewUrl: '',
  category: 'Finance',
  advertiserId: 7,
  advertiserName: 'Acme Bank',
  approvedPartners: 12,
  ...over,
});

describe('OffersTable', () => {
  it('shows money from cents in each offer’s currency and filters by visibility and advertiser', async () => {
    const user = userEvent.setup();
    const calls = fakeRpc({
      'Network.ListOffers': () => ({ items: [offer(1), offer(2, { currency: 'EUR', payoutCents: 999, visibility: 'require_approval' })], total: 2 }),
      'Network.ListAdvertisers': () => ({ items: [{ id: 7, name: 'Acme Bank' }], total: 1 }),
    });
    renderWithProviders(<OffersTable facets={facets} />);

    const rows = await screen.findAllByTestId('offer-row');
    expect(rows[0]).toHaveTextContent('$12.50');
    expect(rows[0]).toHaveTextContent('$20.00');
    expect(rows[1]).toHaveTextContent('€9.99');
    expect(rows[1]).toHaveTextContent('Require approval');

    await user.click(screen.getByRole('combobox', { name: 'Visibility' }));
    await user.click(await screen.findByRole('option', { name: 'Private' }));
    await user.click(screen.getByRole('combobox', { name: 'Advertiser' }));
    await user.click(await screen.findByRole('option', { name: 'Acme Bank' }));

    const last = () => calls.filter((c) => c.method === 'Network.ListOffers').at(-1)?.args[0] as OfferQuery;
    await waitFor(() => expect(last()).toMatchObject({ visibility: 'private', advertiser: 7, page: 1 }));
    expect(calls.find((c) => c.method === 'Network.ListAdvertisers')?.args[0]).toMatchObject({ pageSize: 500, sort: 'name' });
  });
});
