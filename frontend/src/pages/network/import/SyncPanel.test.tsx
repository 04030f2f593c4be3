import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SyncPanel } from './SyncPanel';
import { fakeRpc, renderWithProviders } from '../../../test/render';
import type { SyncStatus } from '../../../api/imports';

afterEach(() => vi.unstubAllGlobals());

const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  configured: true,
  trackingDomain: 'trk.example.com',
  apiBase: 'https://api.eflow.team/v1',
  keyStorage: 'keyring',
  warning: '',
  running: false,
  progress: null,
  lastReport: null,
  syncedAt: {},
  ...over,
});

describe('SyncPanel', () => {
  it('shows the progress of a sync that was already running', async () => {
    fakeRpc({
      'Sync.Status': () => status({ running: true, progress: { platform: 'everflow', phase: 'partners', step: 2, steps: 8, rows: 40, done: false } }),
    });
    renderWithProviders(<SyncPanel />);
    expect(await screen.findByTestId('sync-progress')).toHaveTextContent('Partners: 40 rows');
  });

  it('saves the key without echoing it and sends the dates to Run', async () => {
    const calls = fakeRpc({
      'Sync.Status': () => status({ configured: false }),
      'Sync.Configure': () => status(),
      'Sync.Run': () => ({
        platform: 'everflow', from: '2026-11-01', to: '2026-11-02', startedAt: '2026-11-28T09:00:00Z', finishedAt: '2026-11-28T09:01:00Z',
        employees: 2, advertisers: 3, partners: 1204, offers: 9, approvals: 55, stats: 300, links: 12, warnings: ['tracking link for partner 4 and offer 2: not allowed'],
      }),
    });
    renderWithProviders(<SyncPanel />);
    expect(await screen.findByTestId('sync-not-configured')).toBeInTheDocument();
    await userEvent.type(screen.getByTestId('sync-key'), 'secret-key');
    await userEvent.click(screen.getByTestId('sync-save'));
    expect(await screen.findByTestId('sync-run')).toBeEnabled();
    expect(screen.getByTestId('sync-key')).toHaveValue('');
    expect(calls.find((c) => c.method === 'Sync.Configure')!.args).toEqual(['secret-key', 'trk.example.com', 'https://api.eflow.team/v1']);

    await userEvent.type(screen.getByTestId('sync-from'), '2026-11-01');
    await userEvent.type(screen.getByTestId('sync-to'), '2026-11-02');
    await userEvent.click(screen.getByTestId('sync-run'));
    const report = await screen.findByTestId('sync-report');
    expect(calls.find((c) => c.method === 'Sync.Run')!.args).toEqual(['2026-11-01', '2026-11-02', '']);
    expect(report).toHaveTextContent('1,204');
    expect(report).toHaveTextContent('not allowed');
  });

  it('asks whether to keep the demo before the first sync', async () => {
    const calls = fakeRpc({
      'Sync.Status': () => status(),
      'Network.Summary': () => ({
        partners: 420, advertisers: 24, offers: 36, approvals: 900, employees: 5, statDays: 90, demo: true,
        demoRows: { employees: 5, advertisers: 24, offers: 36, partners: 420, approvals: 900, stats: 5000 },
        ownData: false, demoChoicePending: true,
      }),
      'Sync.Run': () => ({
        platform: 'everflow', from: '2026-11-01', to: '2026-11-02', startedAt: '2026-11-28T09:00:00Z', finishedAt: '2026-11-28T09:01:00Z',
        employees: 2, advertisers: 3, partners: 12, offers: 9, approvals: 55, stats: 300, links: 0, warnings: [],
      }),
    });
    renderWithProviders(<SyncPanel />);
    await userEvent.click(await screen.findByTestId('sync-run'));
    expect(await screen.findByRole('dialog')).toHaveTextContent('Clear the demo before this sync');
    await userEvent.click(screen.getByTestId('demo-choice-keep'));
    await screen.findByTestId('sync-report');
    expect(calls.find((c) => c.method === 'Sync.Run')!.args).toEqual(['', '', 'keep']);
  });
});
