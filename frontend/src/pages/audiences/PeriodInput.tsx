import { Group, NumberInput, Select, TextInput } from '@mantine/core';
import type { Period, PeriodKind } from '../../api/audiences';
import { PERIOD_LABELS } from './options';

const KINDS = Object.entries(PERIOD_LABELS).map(([value, label]) => ({ value, label }));

/** A period: a named span, "last N days", or a custom from/to pair of dates. */
export function PeriodInput({ value, onChange }: { value: Period | undefined; onChange: (p: Period) => void }) {
  const p = value ?? { kind: 'last_30_days' };
  return (
    <Group gap="xs" wrap="nowrap">
      <Select
        aria-label="Period"
        data={KINDS}
        value={p.kind}
        onChange={(k) => k && onChange({ kind: k as PeriodKind, days: k === 'last_days' ? (p.days ?? 90) : undefined })}
        allowDeselect={false}
        w={150}
        size="xs"
      />
      {p.kind === 'last_days' && (
        <NumberInput
          aria-label="Days"
          value={p.days ?? 90}
          min={1}
          max={3660}
          allowDecimal={false}
          onChange={(d) => onChange({ ...p, days: typeof d === 'number' ? d : 0 })}
          w={80}
          size="xs"
          suffix=" d"
        />
      )}
      {p.kind === 'custom' && (
        <>
          <TextInput aria-label="From" type="date" size="xs" value={p.from ?? ''} onChange={(e) => onChange({ ...p, from: e.currentTarget.value })} />
          <TextInput aria-label="To" type="date" size="xs" value={p.to ?? ''} onChange={(e) => onChange({ ...p, to: e.currentTarget.value })} />
        </>
      )}
    </Group>
  );
}
