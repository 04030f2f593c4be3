import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { PartnerDrawer } from './PartnerDrawer';
import { fakeRpc, renderWithProviders } from '../../test/render';
import { partner } from '../../test/fixtures';

afterEach(() => vi.unstubAllGlobals());

describe('PartnerDrawer', () => {
  it('loads the partner and shows profile, totals from cents, and approvals', async () => {
    const calls = fakeRpc({
      'Network.GetPartner': (id: number) => ({
        partner: partner(id, { name: "D'Arcy Müller <b>", tags: ['vip', 'email'], company: 'Acme' }),
        approvals: [
          { offerId: 10, offerName: 'Credit card', visibility: 'require_approval', status: 'approved' },
          { offerId: 11, offerName: 'Loans', visibility: 'private', status: 'rejected' },
        ],
        daily: [
          { date: '2026-11-26', clicks: 10, conversions: 1, revenueCents: 1050, payoutCents: 500 },
          { date: '2026-11-27', clicks: 0, conversions: 0, revenueCents: 0, payoutCents: 0 },
        ],
        totals: { clicks: 10, conversions: 1, revenueCents: 123456, payoutCents: 23456 },
      }),
    });
    renderWithProviders(<PartnerDrawer id={7} onClose={() => {}} />);

    const totals = await screen.findByTestId('partner-totals');
    expect(calls[0]).toEqual({ method: 'Network.GetPartner', args: [7] });
    expect(totals).toHaveTextContent('$1,234.56');
    expect(totals).toHaveTextContent('$1,000.00');
    expect(screen.getAllByText("D'Arcy Müller <b>").length).toBeGreaterThan(0);
    const approvals = screen.getByTestId('approvals-table');
    expect(within(approvals).getAllByRole('row')).toHaveLength(3);
    expect(approvals).toHaveTextContent('Require approval');
    expect(approvals).toHaveTextContent('Rejected');
    expect(screen.queryByTestId('revenue-chart-empty')).toBeNull();
  });

  it('explains a missing partner', async () => {
    fakeRpc({
      'Network.GetPartner': () => {
        throw { status: 404, code: 'not_found', message: 'partner 999 does not exist' };
      },
    });
    renderWithProviders(<PartnerDrawer id={999} onClose={() => {}} />);
    expect(await screen.findByText('partner 999 does not exist')).toBeInTheDocument();
  });
});
