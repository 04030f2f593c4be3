import { Table, Text } from '@mantine/core';
import { Network, PARTNER_STATUSES, type Facets, type PartnerRow } from '../../api/network';
import { formatDate } from '../../lib/format';
import { SortHeader } from '../../components/SortHeader';
import { Truncated } from '../../components/Truncated';
import { StatusBadge, TagList } from '../../components/Badges';
import { IdCell, NetworkTable, idFilter, useNetworkList } from './NetworkTable';
import { countries, fromValues, managers, plain } from './options';
import classes from '../../components/table.module.css';

const FILTERS = ['status', 'tag', 'manager', 'country'];

// The person behind the account and their address, so a search that matched the contact's
// name (not the partner's) shows why the row is there.
function contactLine(p: PartnerRow): string {
  const person = [p.firstName, p.lastName].filter(Boolean).join(' ');
  return person && person !== p.name ? `${person} · ${p.email}` : p.email;
}

export function PartnersTable({ facets, onOpen }: { facets: Facets | undefined; onOpen: (id: number) => void }) {
  const { list, res, sortProps } = useNetworkList(FILTERS, (paging, f) =>
    Network.listPartners({ ...paging, status: f.status, tag: f.tag, manager: idFilter(f.manager), country: f.country }),
  );

  // Sized to fit the desktop window: 1280 px wide shows every column; below that Manager
  // and Created go, and below 992 px Tags too (the drawer shows all three, and Manager and
  // Tags are filters).
  const head = (
    <Table.Tr>
      <SortHeader field="id" w={64} {...sortProps}>
        ID
      </SortHeader>
      <SortHeader field="name" {...sortProps}>
        Name and email
      </SortHeader>
      <SortHeader field="status" w={104} {...sortProps}>
        Status
      </SortHeader>
      <Table.Th w={170} visibleFrom="md">
        Tags
      </Table.Th>
      <Table.Th w={140} visibleFrom="lg">
        Manager
      </Table.Th>
      <SortHeader field="country" w={84} {...sortProps}>
        Country
      </SortHeader>
      <SortHeader field="created" w={120} visibleFrom="lg" {...sortProps}>
        Created
      </SortHeader>
      <SortHeader field="lastLogin" w={130} {...sortProps}>
        Last login
      </SortHeader>
    </Table.Tr>
  );

  const rows = (res.data?.items ?? []).map((p) => (
    <Table.Tr
      key={p.id}
      className={classes.row}
      tabIndex={0}
      onClick={() => onOpen(p.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(p.id);
        }
      }}
      aria-label={`Open partner ${p.name}`}
      data-testid="partner-row"
    >
      <IdCell id={p.id} />
      <Table.Td>
        <Truncated text={p.name} fw={500} w="100%" />
        <Truncated text={contactLine(p)} c="dimmed" size="xs" w="100%" />
      </Table.Td>
      <Table.Td>
        <StatusBadge value={p.status} />
      </Table.Td>
      <Table.Td style={{ overflow: 'hidden' }} visibleFrom="md">
        <TagList tags={p.tags} max={2} />
      </Table.Td>
      <Table.Td visibleFrom="lg">
        <Truncated text={p.accountManagerName} w="100%" />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{p.country || '—'}</Text>
      </Table.Td>
      <Table.Td className={classes.nowrap} visibleFrom="lg">
        <Text size="sm">{formatDate(p.createdAt)}</Text>
      </Table.Td>
      <Table.Td className={classes.nowrap}>
        <Text size="sm">{formatDate(p.lastLoginAt)}</Text>
      </Table.Td>
    </Table.Tr>
  ));

  return (
    <NetworkTable
      table="partners"
      list={list}
      res={res}
      placeholder="Search name, email, ID"
      filters={[
        { key: 'status', label: 'Status', options: fromValues(PARTNER_STATUSES) },
        { key: 'tag', label: 'Tag', options: plain(facets?.tags), searchable: true },
        { key: 'manager', label: 'Manager', options: managers(facets), searchable: true },
        { key: 'country', label: 'Country', options: countries(facets), searchable: true },
      ]}
      head={head}
      rows={rows}
    />
  );
}
