import { useEffect, useState } from 'react';
import { ActionIcon, Badge, Card, Group, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { Network, type OfferRow } from '../../api/network';
import { notifyError } from '../../app/notify';

interface Props {
  offers: number[];
  onChange: (offers: number[]) => void;
}

function money(cents: number, currency: string) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** The offers of an Offer Details message as cards, in the order the email shows them. */
export function OffersEditor({ offers, onChange }: Props) {
  const [known, setKnown] = useState<Map<number, OfferRow>>(new Map());
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<OfferRow[]>([]);

  useEffect(() => {
    Network.listOffers({ page: 1, pageSize: 500, sort: 'name' }).then(
      (p) => setKnown(new Map(p.items.map((o) => [o.id, o]))),
      (e) => notifyError('Loading offers', e),
    );
  }, []);

  useEffect(() => {
    const t = window.setTimeout(() => {
      Network.listOffers({ search, page: 1, pageSize: 30, sort: 'name' }).then(
        (p) => {
          setFound(p.items);
          setKnown((k) => new Map([...k, ...p.items.map((o) => [o.id, o] as const)]));
        },
        () => setFound([]),
      );
    }, 250);
    return () => window.clearTimeout(t);
  }, [search]);

  const move = (i: number, d: number) => {
    const next = [...offers];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    onChange(next);
  };

  return (
    <Stack gap="xs" data-testid="offers-editor">
      <Select
        label="Add an offer"
        placeholder="Search offers by name"
        searchable
        clearable
        searchValue={search}
        onSearchChange={setSearch}
        value={null}
        data={found.filter((o) => !offers.includes(o.id)).map((o) => ({ value: String(o.id), label: `${o.name} (#${o.id})` }))}
        onChange={(v) => {
          if (v) onChange([...offers, Number(v)]);
          setSearch('');
        }}
        nothingFoundMessage="No offer matches"
        data-testid="offer-picker"
      />
      {offers.length === 0 && (
        <Text size="sm" c="dimmed">
          No offers yet. Each offer becomes a card with its name, payout, description, preview link and the recipient’s own tracking link.
        </Text>
      )}
      {offers.map((id, i) => {
        const o = known.get(id);
        return (
          <Card key={id} withBorder padding="sm" data-testid="offer-card">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Group gap="xs" wrap="nowrap">
                  <Text fw={600} truncate="end">
                    {i + 1}. {o?.name ?? `Offer #${id}`}
                  </Text>
                  {o && (
                    <Badge size="sm" variant="light" color={o.visibility === 'public' ? 'teal' : 'grape'}>
                      {o.visibility.replace('_', ' ')}
                    </Badge>
                  )}
                  {o && o.status !== 'active' && (
                    <Badge size="sm" color="red">
                      {o.status}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" truncate="end">
                  #{id}
                  {o ? ` · payout ${money(o.payoutCents, o.currency)} · ${o.advertiserName}` : ''}
                  {o?.previewUrl ? ` · ${o.previewUrl}` : ''}
                </Text>
                <Text size="xs" ff="monospace" c="dimmed">
                  {`{offer_tracking_link:${id}}`}
                </Text>
              </Stack>
              <Group gap={4} wrap="nowrap">
                <Tooltip label="Move up">
                  <ActionIcon variant="subtle" aria-label={`Move offer ${id} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    <IconArrowUp size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Move down">
                  <ActionIcon variant="subtle" aria-label={`Move offer ${id} down`} disabled={i === offers.length - 1} onClick={() => move(i, 1)}>
                    <IconArrowDown size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Remove">
                  <ActionIcon variant="subtle" color="red" aria-label={`Remove offer ${id}`} onClick={() => onChange(offers.filter((x) => x !== id))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Group>
          </Card>
        );
      })}
    </Stack>
  );
}
