import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DemoNotice } from './DemoNotice';
import { fakeRpc, renderWithProviders } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

const demoRows = { employees: 5, advertisers: 24, offers: 36, partners: 420, approvals: 900, stats: 5000 };
const none = { employees: 0, advertisers: 0, offers: 0, partners: 0, approvals: 0, stats: 0 };
const summary = (demo: boolean, ownData = false) => ({
  partners: (demo ? 420 : 0) + (ownData ? 3 : 0),
  advertisers: 24,
  offers: 36,
  approvals: 900,
  employees: 5,
  statDays: 90,
  demo,
  demoRows: demo ? demoRows : none,
  ownData,
  demoChoicePending: demo && !ownData,
});

describe('DemoNotice', () => {
  it('asks for confirmation, clears the demo network and disappears after the refresh', async () => {
    const user = userEvent.setup();
    let demo = true;
    const calls = fakeRpc({
      'Network.Summary': () => summary(demo),
      'Network.ClearDemo': () => {
        demo = false;
        return null;
      },
    });
    renderWithProviders(<DemoNotice />);
    const notice = await screen.findByTestId('demo-notice');
    expect(notice).toHaveTextContent('420 partners');

    await user.click(within(notice).getByRole('button', { name: 'Clear demo data' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('cannot be undone');
    expect(calls.some((c) => c.method === 'Network.ClearDemo')).toBe(false);

    await user.click(within(dialog).getByTestId('confirm-clear-demo'));
    await waitFor(() => expect(screen.queryByTestId('demo-notice')).toBeNull());
    expect(calls.filter((c) => c.method === 'Network.ClearDemo')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'Network.Summary').length).toBeGreaterThanOrEqual(2);
    expect(await screen.findByText('Demo data cleared')).toBeInTheDocument();
  });

  it('keeps the data and reports the failure when clearing fails', async () => {
    const user = userEvent.setup();
    fakeRpc({
      'Network.Summary': () => summary(true),
      'Network.ClearDemo': () => {
        throw { status: 409, code: 'conflict', message: 'a send run is in progress; wait for it to finish' };
      },
    });
    renderWithProviders(<DemoNotice />);
    await user.click(within(await screen.findByTestId('demo-notice')).getByRole('button', { name: 'Clear demo data' }));
    await user.click(await screen.findByTestId('confirm-clear-demo'));
    expect(await screen.findByText('a send run is in progress; wait for it to finish')).toBeInTheDocument();
    expect(screen.getByTestId('demo-notice')).toBeInTheDocument();
  });

  it('says how much of the demo remains next to the user\'s own data', async () => {
    const user = userEvent.setup();
    fakeRpc({ 'Network.Summary': () => summary(true, true) });
    renderWithProviders(<DemoNotice />);
    const notice = await screen.findByTestId('demo-notice');
    expect(notice).toHaveTextContent('Demo data remains next to your own');
    expect(notice).toHaveTextContent('420 partners, 24 advertisers and 36 offers of the demo network are still here');
    await user.click(within(notice).getByRole('button', { name: 'Clear demo data' }));
    expect(await screen.findByRole('dialog')).toHaveTextContent('Your imported and synced data stays.');
  });

  it('shows nothing for a real network', async () => {
    const calls = fakeRpc({ 'Network.Summary': () => summary(false) });
    renderWithProviders(<DemoNotice />);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(screen.queryByTestId('demo-notice')).toBeNull();
  });

  it('explains a refused token at the top of the app', async () => {
    fakeRpc({
      'Network.Summary': () => {
        throw { status: 401, code: 'unauthorized', message: 'wrong token: open the URL commhubd printed' };
      },
    });
    renderWithProviders(<DemoNotice />);
    const notice = await screen.findByTestId('connection-notice');
    expect(notice).toHaveTextContent('CommHub refused this browser');
    expect(notice).toHaveTextContent('wrong token: open the URL commhubd printed');
  });
});
