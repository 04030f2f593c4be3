import { useEffect, useState } from 'react';
import { Alert, Group, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { Audiences, type Summary as AudienceSummary } from '../../api/audiences';
import { Network } from '../../api/network';
import type { Message, RecipientKind, RecipientSpec } from '../../api/messages';
import { formatRecipients, parseRecipients } from './recipientText';

interface Props {
  message: Message;
  onChange: (patch: Partial<Message>) => void;
}

/** Who a message goes to: a saved audience, picked recipients, pasted IDs or addresses, minus exclusions. */
export function RecipientsEditor({ message, onChange }: Props) {
  const spec = message.recipients;
  const set = (patch: Partial<RecipientSpec>) => onChange({ recipients: { ...spec, ...patch } });
  const [audiences, setAudiences] = useState<AudienceSummary[]>([]);
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [search, setSearch] = useState('');
  const [pasted, setPasted] = useState(() => formatRecipients(spec.ids, spec.emails));
  const [excluded, setExcluded] = useState(() => formatRecipients(spec.excludeIds, spec.excludeEmails));
  const [bad, setBad] = useState<string[]>([]);
  const kind = message.recipientKind;

  useEffect(() => {
    Audiences.list().then(setAudiences, () => setAudiences([]));
  }, []);

  useEffect(() => {
    if (kind === 'employees') return;
    const t = window.setTimeout(() => {
      const q = { search, page: 1, pageSize: 20 };
      const load =
        kind === 'advertisers'
          ? Network.listAdvertisers(q).then((p) => p.items.map((a) => ({ value: String(a.id), label: `${a.name} (#${a.id})` })))
          : Network.listPartners(q).then((p) => p.items.map((a) => ({ value: String(a.id), label: `${a.name} (#${a.id})` })));
      load.then(
        (opts) => setOptions(opts),
        () => setOptions([]),
      );
    }, 250);
    return () => window.clearTimeout(t);
  }, [search, kind]);

  const picked = (spec.ids ?? []).map(String);

  return (
    <Stack gap="sm" data-testid="recipients-editor">
      <SegmentedControl
        value={kind}
        disabled={message.kind === 'offer_details'}
        onChange={(v) => onChange({ recipientKind: v as RecipientKind, recipients: { ...spec, audienceId: null, ids: [] } })}
        data={[
          { value: 'partners', label: 'Partners' },
          { value: 'advertisers', label: 'Advertisers' },
          { value: 'employees', label: 'Our team' },
        ]}
        aria-label="Recipient kind"
      />
      {kind !== 'employees' && (
        <Select
          label="Saved audience"
          placeholder="None"
          clearable
          searchable
          value={spec.audienceId ? String(spec.audienceId) : null}
          data={audiences.filter((a) => a.kind === kind).map((a) => ({ value: String(a.id), label: `${a.name} (${a.size.toLocaleString()})` }))}
          onChange={(v) => set({ audienceId: v ? Number(v) : null })}
          data-testid="audience-select"
        />
      )}
      {kind !== 'employees' && (
        <Select
          label={kind === 'advertisers' ? 'Add an advertiser' : 'Add a partner'}
          placeholder="Search by name, ID or email"
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          data={options.filter((o) => !picked.includes(o.value))}
          value={null}
          onChange={(v) => {
            if (!v) return;
            const ids = [...(spec.ids ?? []), Number(v)];
            set({ ids });
            setPasted(formatRecipients(ids, spec.emails));
            setSearch('');
          }}
          nothingFoundMessage="Nobody matches"
          maxDropdownHeight={260}
          data-testid="recipient-picker"
        />
      )}
      <Textarea
        label="IDs or email addresses"
        description="Paste a list: one per line, or separated by commas."
        autosize
        minRows={2}
        maxRows={6}
        value={pasted}
        onChange={(e) => setPasted(e.currentTarget.value)}
        onBlur={() => {
          const p = parseRecipients(pasted);
          setBad(p.bad);
          set({ ids: p.ids, emails: p.emails });
        }}
        data-testid="recipient-paste"
      />
      <Textarea
        label="Exclude"
        description="IDs or addresses that must not receive this message."
        autosize
        minRows={1}
        maxRows={4}
        value={excluded}
        onChange={(e) => setExcluded(e.currentTarget.value)}
        onBlur={() => {
          const p = parseRecipients(excluded);
          setBad(p.bad);
          set({ excludeIds: p.ids, excludeEmails: p.emails });
        }}
        data-testid="recipient-exclude"
      />
      {bad.length > 0 && (
        <Alert color="orange" py="xs">
          Not an ID or address, ignored: {bad.slice(0, 5).join(', ')}
          {bad.length > 5 ? ` and ${bad.length - 5} more` : ''}
        </Alert>
      )}
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          {spec.audienceId ? 'Audience + ' : ''}
          {(spec.ids ?? []).length} IDs, {(spec.emails ?? []).length} addresses, {(spec.excludeIds ?? []).length + (spec.excludeEmails ?? []).length} excluded
        </Text>
      </Group>
    </Stack>
  );
}
