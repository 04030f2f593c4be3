import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { ErrorBoundary } from './ErrorBoundary';
import { renderWithProviders } from '../test/render';

let explode = true;
function Bomb() {
  const [n] = useState(1);
  if (explode) throw new Error('cannot read properties of undefined');
  return <p>area works {n}</p>;
}

describe('ErrorBoundary', () => {
  it('shows the crash in place of the area and recovers on retry', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    renderWithProviders(
      <ErrorBoundary where="the Network area">
        <Bomb />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Something went wrong in the Network area');
    expect(screen.getByText('cannot read properties of undefined')).toBeInTheDocument();
    explode = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('area works 1')).toBeInTheDocument();
    spy.mockRestore();
  });
});
