import { Group, MultiSelect, NumberInput, SegmentedControl, Select, Stack, TagsInput, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AudienceKind, Metric, Operator, Rule } from '../../api/audiences';
import type { Facets } from '../../api/network';
import { Network, PARTNER_STATUSES } from '../../api/network';
import { humanize } from '../../lib/format';
import { PeriodInput } from './PeriodInput';
import { METRIC_LABELS, MONEY_METRICS, NOTIFICATION_PREFS, OP_LABELS } from './options';

export interface OfferOption {
  value: string;
  label: string;
}

interface Props {
  kind: AudienceKind;
  rule: Rule;
  onChange: (r: Rule) => void;
  facets: Facets | undefined;
  offers: OfferOption[];
}

const options = (list: string[]) => list.map((v) => ({ value: v, label: humanize(v) }));

/** The inputs of one rule; which ones depends on the rule's field. */
export function RuleInputs({ kind, rule, onChange, facets, offers }: Props) {
  const set = (patch: Partial<Rule>) => onChange({ ...rule, ...patch });
  const ids = (rule.ids ?? []).map(String);
  const setIds = (v: string[]) => set({ ids: v.map(Number) });
  switch (rule.field) {
    case 'status':
      return <Multi label="Statuses" data={options(PARTNER_STATUSES)} value={rule.values} onChange={(values) => set({ values })} />;
    case 'notification':
      return <Multi label="Preferences" data={options(NOTIFICATION_PREFS)} value={rule.values} onChange={(values) => set({ values })} />;
    case 'country':
      return (
        <TagsInput aria-label="Countries" size="xs" placeholder="US, DE…" data={facets?.countries ?? []} value={rule.values ?? []}
          onChange={(values) => set({ values: values.map((v) => v.toUpperCase()) })} style={{ flex: 1 }} />
      );
    case 'tags':
      return (
        <Group gap="xs" wrap="nowrap" style={{ flex: 1 }}>
          <SegmentedControl size="xs" data={[{ value: 'any', label: 'has any' }, { value: 'all', label: 'has all' }, { value: 'none', label: 'has none' }]}
            value={rule.match || 'any'} onChange={(match) => set({ match })} />
          <TagsInput aria-label="Tags" size="xs" placeholder="Pick or type tags" data={facets?.tags ?? []} value={rule.values ?? []}
            onChange={(values) => set({ values })} style={{ flex: 1 }} />
        </Group>
      );
    case 'account_manager':
      return (
        <Multi label="Account managers" data={(facets?.managers ?? []).map((m) => ({ value: String(m.id), label: m.name }))}
          value={ids} onChange={setIds} />
      );
    case 'created':
    case 'last_login':
    case 'dormant':
      return <PeriodInput value={rule.period ?? undefined} onChange={(period) => set({ period })} />;
    case 'performance':
      return <Performance rule={rule} set={set} />;
    case 'running_offer':
    case 'approved_offer':
      return (
        <Group gap="xs" wrap="nowrap" style={{ flex: 1 }}>
          <SegmentedControl size="xs" data={[{ value: 'any', label: 'any of' }, { value: 'all', label: 'all of' }]}
            value={rule.match || (rule.field === 'approved_offer' ? 'all' : 'any')} onChange={(match) => set({ match })} />
          <MultiSelect aria-label="Offers" size="xs" searchable placeholder="Pick offers" data={offers} value={ids} onChange={setIds}
            style={{ flex: 1, minWidth: 180 }} maxDropdownHeight={260} />
          {rule.field === 'running_offer' && <PeriodInput value={rule.period ?? undefined} onChange={(period) => set({ period })} />}
        </Group>
      );
    case 'list':
      return <ListInput rule={rule} set={set} kind={kind} />;
  }
  return null;
}

function Multi(props: { label: string; data: { value: string; label: string }[]; value: string[] | undefined; onChange: (v: string[]) => void }) {
  return (
    <MultiSelect aria-label={props.label} size="xs" placeholder={`Pick ${props.label.toLowerCase()}`} data={props.data}
      value={props.value ?? []} onChange={props.onChange} searchable style={{ flex: 1 }} />
  );
}

const METRICS = Object.entries(METRIC_LABELS).map(([value, label]) => ({ value, label }));
const OPS = Object.entries(OP_LABELS).map(([value, label]) => ({ value, label }));

// Money is typed in currency units and kept in cents, as the backend expects.
function Performance({ rule, set }: { rule: Rule; set: (p: Partial<Rule>) => void }) {
  const money = MONEY_METRICS.includes(rule.metric ?? 'revenue');
  const shown = (cents: number | undefined) => (money ? (cents ?? 0) / 100 : (cents ?? 0));
  const stored = (v: number | string) => {
    const n = typeof v === 'number' ? v : Number(v) || 0;
    return money ? Math.round(n * 100) : Math.round(n);
  };
  const amount = (label: string, v: number | undefined, key: 'value' | 'value2') => (
    <NumberInput aria-label={label} size="xs" w={110} value={shown(v)} decimalScale={money ? 2 : 0} prefix={money ? '$' : undefined}
      thousandSeparator="," onChange={(n) => set({ [key]: stored(n) })} />
  );
  return (
    <Group gap="xs" wrap="wrap" style={{ flex: 1 }}>
      <Select aria-label="Metric" size="xs" w={120} data={METRICS} value={rule.metric ?? 'revenue'} allowDeselect={false}
        onChange={(m) => m && set({ metric: m as Metric })} />
      <Select aria-label="Operator" size="xs" w={110} data={OPS} value={rule.op ?? 'gt'} allowDeselect={false}
        onChange={(o) => o && set({ op: o as Operator })} />
      {amount('Value', rule.value, 'value')}
      {rule.op === 'between' && (
        <>
          <Text size="xs">and</Text>
          {amount('Upper value', rule.value2, 'value2')}
        </>
      )}
      <PeriodInput value={rule.period ?? undefined} onChange={(period) => set({ period })} />
    </Group>
  );
}

/** Pasted IDs and e-mails (one per line, or separated by commas or spaces), or picked by search. */
function ListInput({ rule, set, kind }: { rule: Rule; set: (p: Partial<Rule>) => void; kind: AudienceKind }) {
  const [text, setText] = useState(() => [...(rule.ids ?? []).map(String), ...(rule.values ?? [])].join('\n'));
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    const q = search.trim();
    if (!q) return setFound([]);
    let live = true;
    const t = window.setTimeout(() => {
      const page = kind === 'advertisers'
        ? Network.listAdvertisers({ search: q, page: 1, pageSize: 10 }).then((p) => p.items.map((a) => ({ value: String(a.id), label: `${a.name} (#${a.id})` })))
        : Network.listPartners({ search: q, page: 1, pageSize: 10 }).then((p) => p.items.map((x) => ({ value: String(x.id), label: `${x.name} — ${x.email} (#${x.id})` })));
      page.then((items) => live && setFound(items), () => live && setFound([]));
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [search, kind]);
  const apply = (value: string) => {
    setText(value);
    const parts = value.split(/[\s,;]+/).filter(Boolean);
    set({ ids: parts.filter((p) => /^\d+$/.test(p)).map(Number), values: parts.filter((p) => !/^\d+$/.test(p)) });
  };
  return (
    <Stack gap={4} style={{ flex: 1 }}>
      <Select aria-label="Pick a recipient" size="xs" searchable placeholder={`Search ${kind} to add`} data={found}
        searchValue={search} onSearchChange={setSearch} value={null} filter={({ options }) => options}
        nothingFoundMessage={search.trim() ? 'Nobody found' : undefined}
        onChange={(id) => {
          if (id) apply(text.trim() ? `${text.trim()}\n${id}` : id);
          setSearch('');
        }} />
      <Textarea aria-label="IDs or e-mails" size="xs" autosize minRows={2} maxRows={6}
        placeholder="Paste IDs or e-mails, one per line" value={text} onChange={(e) => apply(e.currentTarget.value)} />
    </Stack>
  );
}
