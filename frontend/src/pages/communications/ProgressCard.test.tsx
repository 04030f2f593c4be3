import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ProgressCard } from './ProgressCard';
import { fakeRpc, renderWithProviders } from '../../test/render';
import type { Progress } from '../../api/deliveries';

afterEach(() => vi.unstubAllGlobals());

const progress = (over: Partial<Progress> = {}): Progress => ({
  runId: 7, messageId: 3, status: 'running', note: '', total: 100, queued: 40, sending: 2, sent: 50, failed: 3,
  blocked: 4, skipped: 1, unknown: 0, cancelled: 0, remaining: 42, rate: 12.5, etaSeconds: 4, slowedTo: 0, ...over,
});

describe('ProgressCard', () => {
  it('shows the counters, rate and time left of a running send and pauses it', async () => {
    const user = userEvent.setup();
    const calls = fakeRpc({ 'Deliveries.Pause': () => null });
    const changed = vi.fn();
    renderWithProviders(<ProgressCard p={progress()} onChanged={changed} />);
    expect(screen.getByTestId('stat-sent')).toHaveTextContent('50');
    expect(screen.getByTestId('stat-failed')).toHaveTextContent('3');
    expect(screen.getByTestId('stat-remaining')).toHaveTextContent('42');
    expect(screen.getByTestId('stat-rate')).toHaveTextContent('13/s');
    expect(screen.getByTestId('stat-eta')).toHaveTextContent('4 s');
    expect(screen.queryByTestId('run-resume')).toBeNull();
    expect(screen.queryByTestId('run-retry')).toBeNull(); // not while it is still sending
    await user.click(screen.getByTestId('run-pause'));
    await waitFor(() => expect(changed).toHaveBeenCalled());
    expect(calls).toEqual([{ method: 'Deliveries.Pause', args: [7] }]);
  });

  it('offers resume, retry and the two ways to settle unknown rows on a paused run', async () => {
    const user = userEvent.setup();
    const calls = fakeRpc({ 'Deliveries.ResolveUnknown': () => 2, 'Deliveries.RetryFailed': () => 3 });
    renderWithProviders(<ProgressCard p={progress({ status: 'paused', unknown: 2, note: 'paused by the user' })} onChanged={() => undefined} />);
    expect(screen.getByTestId('run-note')).toHaveTextContent('paused by the user');
    expect(screen.getByTestId('stat-eta')).toHaveTextContent('—');
    expect(screen.getByTestId('run-resume')).toBeInTheDocument();
    expect(screen.getByTestId('unknown-alert')).toHaveTextContent('2 in flight when CommHub stopped');
    await user.click(screen.getByTestId('resolve-requeue'));
    await user.click(screen.getByTestId('run-retry'));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[0]).toEqual({ method: 'Deliveries.ResolveUnknown', args: [7, [], 'requeue'] });
    expect(calls[1]).toEqual({ method: 'Deliveries.RetryFailed', args: [7] });
  });

  it('shows the server’s refusal when an action fails', async () => {
    const user = userEvent.setup();
    fakeRpc({ 'Deliveries.Resume': () => { throw { status: 409, code: 'conflict', message: 'send run 7 is done, not paused' }; } });
    renderWithProviders(<ProgressCard p={progress({ status: 'paused' })} onChanged={() => undefined} />);
    await user.click(screen.getByTestId('run-resume'));
    expect(await screen.findByText('send run 7 is done, not paused')).toBeInTheDocument();
  });
});
