import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SendNowButton } from './SendNowButton';
import { fakeRpc, renderWithProviders } from '../../test/render';

afterEach(() => {
  vi.unstubAllGlobals();
  window.location.hash = '';
});

describe('SendNowButton', () => {
  it('starts a run and opens its progress view', async () => {
    const user = userEvent.setup();
    const calls = fakeRpc({ 'Deliveries.Send': () => 12 });
    renderWithProviders(<SendNowButton messageId={5} confirm={() => true} />);
    await user.click(screen.getByTestId('send-now-button'));
    await waitFor(() => expect(window.location.hash).toBe('#/communications/run/12'));
    expect(calls).toEqual([{ method: 'Deliveries.Send', args: [5] }]);
  });

  it('sends nothing when the user declines, and shows why a send is refused', async () => {
    const user = userEvent.setup();
    const calls = fakeRpc({
      'Deliveries.Send': () => {
        throw { status: 400, code: 'invalid', message: 'message 5 cannot be sent: no SMTP profile is set up' };
      },
    });
    let answer = false;
    renderWithProviders(<SendNowButton messageId={5} confirm={() => answer} />);
    await user.click(screen.getByTestId('send-now-button'));
    expect(calls).toHaveLength(0);
    answer = true;
    await user.click(screen.getByTestId('send-now-button'));
    expect(await screen.findByText('message 5 cannot be sent: no SMTP profile is set up')).toBeInTheDocument();
    expect(window.location.hash).toBe('');
  });
});
