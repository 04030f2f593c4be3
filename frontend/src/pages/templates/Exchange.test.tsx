import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ImportModal } from './Exchange';
import { fakeRpc, renderWithProviders } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

// Autosizing textareas listen for web fonts loading, which jsdom does not implement.
beforeAll(() => {
  if (!('fonts' in document)) {
    Object.defineProperty(document, 'fonts', { configurable: true, value: { addEventListener() {}, removeEventListener() {} } });
  }
});

describe('ImportModal', () => {
  it('lists every problem by template and field, and keeps the dialog open when nothing was imported', async () => {
    const calls = fakeRpc({
      'Templates.Import': () => ({
        created: 0,
        updated: 0,
        errors: [
          { index: 2, template: 'Broken <b>', field: 'subject', message: 'unknown macro {partner_nme}' },
          { index: 3, template: '', field: 'name', message: 'the template needs a name' },
        ],
      }),
    });
    const onDone = vi.fn();
    const onClose = vi.fn();
    renderWithProviders(<ImportModal opened onClose={onClose} onDone={onDone} />);
    fireEvent.change(await screen.findByTestId('import-text'), { target: { value: '{"format":"commhub.templates"}' } });
    fireEvent.click(screen.getByTestId('import-run'));

    const errors = await screen.findByTestId('import-errors');
    expect(calls[0]).toEqual({ method: 'Templates.Import', args: ['{"format":"commhub.templates"}'] });
    expect(errors).toHaveTextContent('Nothing was imported: fix these 2 problems in the file');
    expect(errors).toHaveTextContent('Template 2 “Broken <b>”, subject: unknown macro {partner_nme}');
    expect(errors).toHaveTextContent('Template 3 “unnamed”, name: the template needs a name');
    expect(onDone).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();

    // Editing the text clears the stale problems.
    fireEvent.change(screen.getByTestId('import-text'), { target: { value: '{}' } });
    expect(screen.queryByTestId('import-errors')).toBeNull();
  });

  it('reloads the gallery and closes after a clean import', async () => {
    fakeRpc({ 'Templates.Import': () => ({ created: 2, updated: 1, errors: [] }) });
    const onDone = vi.fn();
    const onClose = vi.fn();
    renderWithProviders(<ImportModal opened onClose={onClose} onDone={onDone} />);
    fireEvent.change(await screen.findByTestId('import-text'), { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId('import-run'));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('2 created, 1 updated.')).toBeTruthy();
  });
});
