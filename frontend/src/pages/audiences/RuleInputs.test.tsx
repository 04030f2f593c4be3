import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { Rule } from '../../api/audiences';
import { renderWithProviders } from '../../test/render';
import { RuleInputs } from './RuleInputs';

// jsdom has no font loading API; Mantine's autosizing textarea listens to it.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', { value: { addEventListener() {}, removeEventListener() {} }, configurable: true });
}

// Holds the rule like the editor does and reports each change.
function Harness({ initial, onRule }: { initial: Rule; onRule: (r: Rule) => void }) {
  const [rule, setRule] = useState(initial);
  return (
    <RuleInputs kind="partners" rule={rule} facets={undefined} offers={[]}
      onChange={(r) => {
        setRule(r);
        onRule(r);
      }} />
  );
}

describe('RuleInputs', () => {
  it('keeps money in cents while the user types currency units', async () => {
    const onRule = vi.fn();
    renderWithProviders(<Harness initial={{ field: 'performance', metric: 'revenue', op: 'gt', value: 10000, period: { kind: 'last_month' } }} onRule={onRule} />);
    const value = screen.getByRole('textbox', { name: 'Value' });
    expect(value).toHaveValue('$100');
    await userEvent.clear(value);
    await userEvent.type(value, '12.5');
    expect(onRule.mock.lastCall?.[0]).toMatchObject({ value: 1250 });
  });

  it('keeps counts as whole numbers', async () => {
    const onRule = vi.fn();
    renderWithProviders(<Harness initial={{ field: 'performance', metric: 'clicks', op: 'gte', value: 5, period: { kind: 'last_7_days' } }} onRule={onRule} />);
    const value = screen.getByRole('textbox', { name: 'Value' });
    expect(value).toHaveValue('5');
    await userEvent.clear(value);
    await userEvent.type(value, '250');
    expect(onRule.mock.lastCall?.[0]).toMatchObject({ value: 250 });
  });

  it('splits a pasted list into IDs and e-mails', async () => {
    const onRule = vi.fn();
    renderWithProviders(<Harness initial={{ field: 'list' }} onRule={onRule} />);
    await userEvent.click(screen.getByRole('textbox', { name: 'IDs or e-mails' }));
    await userEvent.paste('1042, jane@example.com\n1077;Bob@Example.com');
    expect(onRule.mock.lastCall?.[0]).toMatchObject({ ids: [1042, 1077], values: ['jane@example.com', 'Bob@Example.com'] });
  });
});
