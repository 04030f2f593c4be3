import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ImportWizard } from './ImportWizard';
import { exportFilters } from './ExportButton';
import { fakeRpc, renderWithProviders } from '../../../test/render';
import type { Detection, ImportResult } from '../../../api/imports';

afterEach(() => vi.unstubAllGlobals());

const detection: Detection = {
  kind: 'partners',
  fileName: 'p.csv',
  columns: ['Partner ID', 'Partner', 'Mail'],
  mapping: { id: 'Partner ID', name: 'Partner' },
  fields: [
    { key: 'id', label: 'Partner ID', required: true, isKey: true },
    { key: 'name', label: 'Name', required: true, isKey: false },
    { key: 'email', label: 'Email', required: false, isKey: false },
  ],
  unmapped: ['Mail'],
  missing: [],
  preview: [['1', 'One', 'one@example.com']],
  previewLines: [2],
};

const result: ImportResult = {
  kind: 'partners',
  fileName: 'p.csv',
  dryRun: false,
  rows: 2,
  inserted: 1,
  updated: 0,
  unchanged: 0,
  errors: [{ line: 3, column: 'Mail', message: '"x" is not a valid e-mail address' }],
  errorCount: 1,
  createdEmployees: [{ id: 900000001, name: 'Jordan Reyes', line: 2 }],
};

const demoSummary = (pending: boolean) => ({
  partners: 420,
  advertisers: 24,
  offers: 36,
  approvals: 900,
  employees: 5,
  statDays: 90,
  demo: true,
  demoRows: { employees: 5, advertisers: 24, offers: 36, partners: 420, approvals: 900, stats: 5000 },
  ownData: !pending,
  demoChoicePending: pending,
});

async function pickFile() {
  const input = document.querySelector('input[type=file]') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File(['Partner ID,Partner\n1,One\n'], 'p.csv', { type: 'text/csv' })] } });
  await screen.findByTestId('mapping');
}

describe('ImportWizard', () => {
  it('sends the file as base64, the edited mapping, and lists rejected rows', async () => {
    const calls = fakeRpc({ 'Imports.Detect': () => detection, 'Imports.Run': () => result });
    renderWithProviders(<ImportWizard />);
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['Partner ID,Partner,Mail\n1,One,one@example.com\n'], 'p.csv', { type: 'text/csv' })] } });

    await screen.findByTestId('mapping');
    const detect = calls.find((c) => c.method === 'Imports.Detect')!;
    expect(detect.args[0]).toBe('partners');
    expect(atob((detect.args[1] as { contentBase64: string }).contentBase64)).toContain('1,One,one@example.com');

    await userEvent.click(screen.getByRole('combobox', { name: 'Column for Email' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Mail' }));
    await userEvent.click(screen.getByTestId('import-run'));

    const rows = await screen.findAllByTestId('result-error');
    const run = calls.find((c) => c.method === 'Imports.Run')!;
    expect(run.args[2]).toEqual({ id: 'Partner ID', name: 'Partner', email: 'Mail' });
    expect(run.args[3]).toBe(false);
    expect(run.args[4]).toBe('');
    expect(within(rows[0]).getByText('3')).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('is not a valid e-mail address');
    expect(screen.getByTestId('result-inserted')).toHaveTextContent('1');
    expect(screen.getByTestId('result-created-employee')).toHaveTextContent(
      'Created employee Jordan Reyes (ID 900000001), first named on line 2',
    );
  });

  it('asks whether to clear the demo before the first import, and sends the answer', async () => {
    const calls = fakeRpc({
      'Network.Summary': () => demoSummary(true),
      'Imports.Detect': () => detection,
      'Imports.Run': () => result,
    });
    renderWithProviders(<ImportWizard />);
    await pickFile();
    await userEvent.click(screen.getByTestId('import-dry-run'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'Imports.Run')).toHaveLength(1));
    expect(screen.queryByRole('dialog')).toBeNull(); // a dry run writes nothing: no question

    await userEvent.click(screen.getByTestId('import-run'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('420 partners, 24 advertisers and 36 offers');
    await userEvent.click(within(dialog).getByTestId('demo-choice-cancel'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.filter((c) => c.method === 'Imports.Run')).toHaveLength(1);

    await userEvent.click(screen.getByTestId('import-run'));
    await userEvent.click(await screen.findByTestId('demo-choice-clear'));
    await screen.findAllByTestId('result-error');
    const runs = calls.filter((c) => c.method === 'Imports.Run');
    expect(runs).toHaveLength(2);
    expect(runs[1].args[3]).toBe(false);
    expect(runs[1].args[4]).toBe('clear');
  });

  it('asks nothing once the user has data of their own', async () => {
    const calls = fakeRpc({
      'Network.Summary': () => demoSummary(false),
      'Imports.Detect': () => detection,
      'Imports.Run': () => result,
    });
    renderWithProviders(<ImportWizard />);
    await pickFile();
    await userEvent.click(screen.getByTestId('import-run'));
    await screen.findAllByTestId('result-error');
    expect(calls.find((c) => c.method === 'Imports.Run')!.args[4]).toBe('');
  });

  it('blocks the import until every required field has a column', async () => {
    fakeRpc({ 'Imports.Detect': () => ({ ...detection, mapping: { name: 'Partner' }, missing: ['id'] }) });
    renderWithProviders(<ImportWizard />);
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['x'], 'p.csv')] } });
    expect(await screen.findByTestId('import-missing')).toHaveTextContent('Partner ID');
    expect(screen.getByTestId('import-run')).toBeDisabled();
  });
});

describe('exportFilters', () => {
  it('drops empty filters and turns IDs into numbers', () => {
    expect(exportFilters('acme', { status: 'active', manager: '7', tag: '', advertiser: '3' })).toEqual({
      search: 'acme',
      status: 'active',
      manager: 7,
      advertiser: 3,
    });
  });
});
