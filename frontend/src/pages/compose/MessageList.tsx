import { useEffect, useState } from 'react';
import { ActionIcon, Badge, Button, Group, Paper, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconCopy, IconMailPlus, IconTags, IconTrash } from '@tabler/icons-react';
import { Messages, type MessageKind, type MessageSummary } from '../../api/messages';
import { navigate } from '../../app/route';
import { notifyError } from '../../app/notify';
import classes from './compose.module.css';

// "Nov 28, 2026, 7:38 AM": one line that fits its column.
const changedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

async function create(kind: MessageKind) {
  try {
    const draft = await Messages.newDraft(kind);
    const id = await Messages.save(draft);
    navigate('compose', String(id));
  } catch (e) {
    notifyError('Creating a message', e);
  }
}

export function MessageList() {
  const [rows, setRows] = useState<MessageSummary[] | null>(null);
  const load = () => Messages.list().then(setRows, (e) => notifyError('Loading messages', e));
  useEffect(() => {
    void load();
  }, []);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Compose</Title>
        <Group gap="xs">
          <Button leftSection={<IconMailPlus size={16} />} onClick={() => create('general')} data-testid="new-general">
            New General message
          </Button>
          <Button variant="light" leftSection={<IconTags size={16} />} onClick={() => create('offer_details')} data-testid="new-offer-details">
            New Offer Details
          </Button>
        </Group>
      </Group>
      {rows && rows.length === 0 && (
        <Paper withBorder p="xl" data-testid="compose-empty">
          <Text ta="center" fw={600}>
            No messages yet
          </Text>
          <Text ta="center" c="dimmed" size="sm">
            A General message goes to partners, advertisers or your team; an Offer Details message presents offers to the
            partners approved for them, each with their own tracking link.
          </Text>
        </Paper>
      )}
      {rows && rows.length > 0 && (
        // Kind and audience share a cell so the subject keeps room in the 960 px window;
        // narrower than minWidth, the table scrolls in its frame with a visible scrollbar.
        <Table.ScrollContainer minWidth={560} scrollAreaProps={{ type: 'auto', offsetScrollbars: 'x' }}>
          <Table highlightOnHover striped layout="fixed" data-testid="message-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Subject</Table.Th>
                <Table.Th w={130}>Kind</Table.Th>
                <Table.Th w={100}>Status</Table.Th>
                <Table.Th w={170}>Changed</Table.Th>
                <Table.Th w={84}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={m.id} style={{ cursor: 'pointer' }} onClick={() => navigate('compose', String(m.id))} data-testid="message-row">
                  <Table.Td className={classes.nameCell} title={m.subject}>
                    {m.name ? <b>{m.name}: </b> : null}
                    {m.subject || <Text span c="dimmed">(no subject)</Text>}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.kind === 'offer_details' ? `Offer Details (${m.offers})` : 'General'}</Text>
                    <Text size="xs" c="dimmed">
                      to {m.recipientKind}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={m.status === 'draft' ? 'gray' : 'blue'}>
                      {m.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{changedFormat.format(new Date(m.updatedAt))}</Table.Td>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      <Tooltip label="Duplicate">
                        <ActionIcon
                          variant="subtle"
                          aria-label={`Duplicate message ${m.id}`}
                          onClick={(e) => {
                            e.stopPropagation();
                            Messages.duplicate(m.id).then((copy) => navigate('compose', String(copy)), (err) => notifyError('Duplicating', err));
                          }}
                        >
                          <IconCopy size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Delete">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete message ${m.id}`}
                          onClick={(e) => {
                            e.stopPropagation();
                            if (window.confirm(`Delete “${m.subject || 'Untitled'}”?`)) {
                              Messages.remove(m.id).then(load, (err) => notifyError('Deleting', err));
                            }
                          }}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
