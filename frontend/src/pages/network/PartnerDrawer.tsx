import { Alert, Center, Drawer, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { AreaChart } from '@mantine/charts';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Network, type PartnerDetail } from '../../api/network';
import { useAsync } from '../../lib/useAsync';
import { formatDate, formatInt, formatMoney, humanize } from '../../lib/format';
import { useDataVersion } from '../../app/dataVersion';
import { StatusBadge, TagList } from '../../components/Badges';
import { Truncated } from '../../components/Truncated';
import { countryName } from './options';

// Stats carry no currency of their own: they are in the network's reporting currency.
const REPORTING_CURRENCY = 'USD';

export function PartnerDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { version } = useDataVersion();
  const res = useAsync(() => (id > 0 ? Network.getPartner(id) : Promise.resolve(undefined)), [id, version]);
  const detail = id > 0 && res.data?.partner.id === id ? res.data : undefined;

  return (
    <Drawer
      opened={id > 0}
      onClose={onClose}
      position="right"
      size="xl"
      title={
        <Title order={3} component="div" lineClamp={2} style={{ wordBreak: 'break-word' }} title={detail?.partner.name}>
          {detail ? detail.partner.name : `Partner ${id}`}
        </Title>
      }
      data-testid="partner-drawer"
    >
      {res.error && !detail ? (
        <Alert color="red" icon={<IconAlertTriangle />} title="Could not load this partner" role="alert">
          {res.error.message}
        </Alert>
      ) : !detail ? (
        <Center h={200}>
          <Loader aria-label="Loading partner" />
        </Center>
      ) : (
        <PartnerBody d={detail} />
      )}
    </Drawer>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {typeof children === 'string' ? <Truncated text={children} w="100%" /> : children}
    </div>
  );
}

function PartnerBody({ d }: { d: PartnerDetail }) {
  const p = d.partner;
  const daily = d.daily ?? [];
  const approvals = d.approvals ?? [];
  const chart = daily.map((x) => ({ date: x.date.slice(5), revenue: x.revenueCents }));
  const money = (c: number) => formatMoney(c, REPORTING_CURRENCY);

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md" verticalSpacing="sm">
        <Field label="Status">
          <Group gap="xs">
            <StatusBadge value={p.status} />
            {p.unsubscribed && <StatusBadge value="unsubscribed" />}
          </Group>
        </Field>
        <Field label="Email">{p.email}</Field>
        <Field label="Contact">{[p.firstName, p.lastName].filter(Boolean).join(' ') || '—'}</Field>
        <Field label="Company">{p.company || '—'}</Field>
        <Field label="Account manager">{p.accountManagerName || '—'}</Field>
        <Field label="Country">{p.country ? `${p.country} — ${countryName(p.country)}` : '—'}</Field>
        <Field label="Created">{formatDate(p.createdAt)}</Field>
        <Field label="Last login">{formatDate(p.lastLoginAt)}</Field>
        <Field label="Notifications">{humanize(p.notificationPref)}</Field>
        <Field label="Partner ID">{String(p.id)}</Field>
      </SimpleGrid>
      <Field label="Tags">
        <TagList tags={p.tags} max={12} />
      </Field>

      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="partner-totals">
        <Stat label="Clicks (90 d)" value={formatInt(d.totals.clicks)} />
        <Stat label="Conversions" value={formatInt(d.totals.conversions)} />
        <Stat label="Revenue" value={money(d.totals.revenueCents)} />
        <Stat label="Profit" value={money(d.totals.revenueCents - d.totals.payoutCents)} />
      </SimpleGrid>

      <div>
        <Title order={4} mb="xs">
          Revenue, last 90 days
        </Title>
        {daily.some((x) => x.revenueCents !== 0) ? (
          <AreaChart
            h={220}
            data={chart}
            dataKey="date"
            series={[{ name: 'revenue', label: 'Revenue', color: 'indigo.6' }]}
            valueFormatter={money}
            curveType="monotone"
            withDots={false}
            gridAxis="y"
            yAxisProps={{ width: 80 }}
            data-testid="revenue-chart"
          />
        ) : (
          <Text c="dimmed" size="sm" data-testid="revenue-chart-empty">
            No revenue in the last 90 days.
          </Text>
        )}
      </div>

      <div>
        <Title order={4} mb="xs">
          Offer approvals ({formatInt(approvals.length)})
        </Title>
        {approvals.length === 0 ? (
          <Text c="dimmed" size="sm">
            This partner has not applied to any offer.
          </Text>
        ) : (
          <Table layout="fixed" verticalSpacing={4} data-testid="approvals-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Offer</Table.Th>
                <Table.Th w={160}>Visibility</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {approvals.map((a) => (
                <Table.Tr key={a.offerId}>
                  <Table.Td>
                    <Truncated text={`${a.offerName} (#${a.offerId})`} w="100%" />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge value={a.visibility} />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge value={a.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </div>
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="lg" truncate="end" title={value}>
        {value}
      </Text>
    </Paper>
  );
}
