import { useState } from 'react';
import {
  ActionIcon, Alert, Badge, Button, Checkbox, Group, Modal, NumberInput, Paper, PasswordInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconPencil, IconPlugConnected, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { SMTP, blankProfile, type SmtpProfile, type TestResult, type TlsMode } from '../../api/smtp';
import { ApiError } from '../../api/transport';
import { notifyError, notifySuccess } from '../../app/notify';
import { Truncated } from '../../components/Truncated';
import { useAsync } from '../../lib/useAsync';

const tlsModes: { value: TlsMode; label: string }[] = [
  { value: 'starttls', label: 'STARTTLS (587)' },
  { value: 'implicit', label: 'Implicit TLS (465)' },
  { value: 'none', label: 'None (25, local relays only)' },
];

/** Settings section: the SMTP profiles sends go through, with a connection test. */
export function SmtpProfiles() {
  const profiles = useAsync(() => SMTP.list(), []);
  const secrets = useAsync(() => SMTP.secrets(), []);
  const [editing, setEditing] = useState<SmtpProfile | null>(null);

  async function remove(p: SmtpProfile) {
    if (!window.confirm(`Delete the SMTP profile “${p.name}” and its password?`)) return;
    try {
      await SMTP.remove(p.id);
      profiles.reload();
    } catch (e) {
      notifyError('Delete profile', e);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" data-testid="smtp-section">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          SMTP profiles
        </Title>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing(blankProfile())} data-testid="smtp-add">
          Add profile
        </Button>
      </Group>
      {secrets.data?.warning && (
        <Alert color="yellow" icon={<IconAlertTriangle />} title="Passwords are not in a system keyring" mb="sm" data-testid="smtp-secret-warning">
          <Text size="sm" style={{ wordBreak: 'break-word' }}>
            {secrets.data.warning}
          </Text>
        </Alert>
      )}
      {profiles.error && (
        <Alert color="red" title="Cannot load the SMTP profiles">
          {profiles.error.message}
        </Alert>
      )}
      {profiles.data && profiles.data.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="smtp-empty">
          No SMTP profile yet. Add the account your emails go out through (your provider’s SMTP host, port and login).
        </Text>
      )}
      {profiles.data && profiles.data.length > 0 && (
        // Fits the 960 px window (TLS shares the server's cell); narrower than minWidth it
        // scrolls in its frame with the scrollbar shown.
        <Table.ScrollContainer minWidth={560} scrollAreaProps={{ type: 'auto', offsetScrollbars: 'x' }}>
          <Table layout="fixed" verticalSpacing="xs" data-testid="smtp-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Server</Table.Th>
                <Table.Th w={170}>Limits</Table.Th>
                <Table.Th w={84}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {profiles.data.map((p) => (
                <Table.Tr key={p.id} data-testid="smtp-row">
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Truncated text={p.name} w="100%" fw={500} />
                      {p.isDefault && (
                        <Badge size="xs" style={{ flexShrink: 0 }}>
                          default
                        </Badge>
                      )}
                    </Group>
                    <Truncated text={p.fromEmail ? `${p.fromName} <${p.fromEmail}>` : 'From: set per message'} w="100%" size="xs" c="dimmed" />
                  </Table.Td>
                  <Table.Td>
                    <Truncated text={`${p.host}:${p.port}`} w="100%" />
                    <Text size="xs" c="dimmed">
                      TLS {p.tls} · {p.username ? `${p.username}${p.hasPassword ? ' · password in keyring' : ' · no password'}` : 'no login'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {p.concurrency} conn · {p.perSecond ? `${p.perSecond}/s` : 'no /s cap'} · {p.perHour ? `${p.perHour}/h` : 'no /h cap'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon variant="subtle" aria-label={`Edit ${p.name}`} onClick={() => setEditing(p)}>
                        <IconPencil size={16} />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="red" aria-label={`Delete ${p.name}`} onClick={() => remove(p)}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <ProfileForm
          initial={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            profiles.reload();
          }}
        />
      )}
    </Paper>
  );
}

function ProfileForm({ initial, onClose, onSaved }: { initial: SmtpProfile; onClose: () => void; onSaved: () => void }) {
  const [p, setP] = useState<SmtpProfile>(initial);
  // null: keep the stored password (an existing profile); a string replaces it.
  const [password, setPassword] = useState<string | null>(initial.id ? null : '');
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<TestResult>();
  const set = <K extends keyof SmtpProfile>(k: K, v: SmtpProfile[K]) => setP({ ...p, [k]: v });
  // The stored password only ever goes to the server and user it was entered for.
  const moved = initial.hasPassword && password === null &&
    (p.host.trim().toLowerCase() !== initial.host.toLowerCase() || p.port !== initial.port || p.username.trim() !== initial.username ||
      (initial.tls !== 'none' && p.tls === 'none'));

  async function save() {
    setSaving(true);
    setError('');
    try {
      const saved = await SMTP.save(p, password);
      notifySuccess('SMTP profile saved', `${saved.name} is ready to send.`);
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }
  async function runTest() {
    setTesting(true);
    setTest(undefined);
    setError('');
    try {
      setTest(await SMTP.test(p, password));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setTesting(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={initial.id ? `Edit ${initial.name}` : 'New SMTP profile'} size="lg">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" required value={p.name} onChange={(e) => set('name', e.currentTarget.value)} data-testid="smtp-name" />
          <Select label="TLS" data={tlsModes} value={p.tls} allowDeselect={false}
            onChange={(v) => v && setP({ ...p, tls: v as TlsMode, port: v === 'implicit' ? 465 : v === 'starttls' ? 587 : p.port })} data-testid="smtp-tls" />
          <TextInput label="Host" required placeholder="smtp.example.com" value={p.host} onChange={(e) => set('host', e.currentTarget.value)} data-testid="smtp-host" />
          <NumberInput label="Port" required min={1} max={65535} value={p.port} onChange={(v) => set('port', Number(v) || 0)} data-testid="smtp-port" />
          <TextInput label="Username" value={p.username} onChange={(e) => set('username', e.currentTarget.value)} data-testid="smtp-username" />
          <PasswordInput
            label="Password"
            description={moved
              ? `The stored password stays with ${initial.host}: enter the password for the changed server, user or TLS setting.`
              : initial.hasPassword && password === null ? 'Stored in the keyring: type to replace it.' : undefined}
            value={password ?? ''}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="smtp-password"
          />
          <TextInput label="Default from name" value={p.fromName} onChange={(e) => set('fromName', e.currentTarget.value)} />
          <TextInput label="Default from address" value={p.fromEmail} onChange={(e) => set('fromEmail', e.currentTarget.value)} data-testid="smtp-from" />
        </SimpleGrid>
        <SimpleGrid cols={3}>
          <NumberInput label="Connections" description="In parallel" min={1} max={50} value={p.concurrency} onChange={(v) => set('concurrency', Number(v) || 1)} />
          <NumberInput label="Per second" description="0: no cap" min={0} value={p.perSecond} onChange={(v) => set('perSecond', Number(v) || 0)} />
          <NumberInput label="Per hour" description="0: no cap" min={0} value={p.perHour} onChange={(v) => set('perHour', Number(v) || 0)} />
        </SimpleGrid>
        <Checkbox label="Default profile for messages that choose none" checked={p.isDefault} onChange={(e) => set('isDefault', e.currentTarget.checked)} />
        {test && (
          <Alert color={test.ok ? 'teal' : 'red'} icon={test.ok ? <IconCheck /> : <IconX />} title={test.ok ? `Connected in ${test.millis} ms` : 'Connection failed'}
            data-testid="smtp-test-result">
            <Text size="sm" style={{ wordBreak: 'break-word' }}>
              {test.message}
            </Text>
          </Alert>
        )}
        {error && (
          <Alert color="red" title="Not saved" data-testid="smtp-error">
            <Text size="sm" style={{ wordBreak: 'break-word' }}>
              {error}
            </Text>
          </Alert>
        )}
        <Group justify="space-between">
          <Button variant="default" leftSection={<IconPlugConnected size={16} />} loading={testing} onClick={runTest} data-testid="smtp-test">
            Test connection
          </Button>
          <Group gap="xs">
            <Button variant="subtle" onClick={onClose}>
              Cancel
            </Button>
            <Button loading={saving} onClick={save} data-testid="smtp-save">
              Save profile
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
