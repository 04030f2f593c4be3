import { useEffect, useState } from 'react';
import { Alert, Button, Group, Paper, PasswordInput, Progress, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconCloudDownload, IconDeviceFloppy } from '@tabler/icons-react';
import { Sync, type SyncProgress, type SyncReport, type SyncStatus } from '../../../api/imports';
import { ApiError, Events } from '../../../api/transport';
import { useDataVersion } from '../../../app/dataVersion';
import { notifySuccess } from '../../../app/notify';
import { useEvent } from '../../../lib/useEvent';
import { useDemoChoice } from './DemoChoice';

const message = (e: unknown) => (e instanceof ApiError || e instanceof Error ? e.message : String(e));
const PHASES: Record<string, string> = {
  employees: 'Employees',
  advertisers: 'Advertisers',
  partners: 'Partners',
  offers: 'Offers and visibility',
  approvals: 'Approvals',
  stats: 'Daily stats',
  links: 'Encoded IDs and links',
  done: 'Done',
};

/** Everflow connection settings, a sync with a progress bar, and the last run's report. */
export function SyncPanel() {
  const { bump } = useDataVersion();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [apiKey, setApiKey] = useState('');
  const [domain, setDomain] = useState('');
  const [base, setBase] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<'' | 'save' | 'run'>('');
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [report, setReport] = useState<SyncReport | null>(null);
  const demoChoice = useDemoChoice('sync');

  useEffect(() => {
    Sync.status().then((s) => {
      setStatus(s);
      setDomain(s.trackingDomain);
      setBase(s.apiBase);
      setReport(s.lastReport);
      // A sync started before this screen opened (or in another window) keeps reporting.
      if (s.running) {
        setBusy('run');
        setProgress(s.progress);
      }
    }, (e: unknown) => setError(message(e)));
  }, []);
  useEvent(Events.SyncProgress, (p) => {
    setProgress(p);
    if (p.done) {
      Sync.status().then((s) => {
        setStatus(s);
        setReport(s.lastReport);
        setBusy((b) => (b === 'run' && !s.running ? '' : b));
      }, () => {});
    }
  });

  const save = async () => {
    setBusy('save');
    setError('');
    try {
      const s = await Sync.configure(apiKey, domain, base);
      setStatus(s);
      setApiKey('');
      notifySuccess('Everflow settings saved', s.configured ? 'The API key is stored.' : 'Add the API key to sync.');
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy('');
    }
  };

  const run = async () => {
    const demo = await demoChoice.ask();
    if (demo === null) return;
    setBusy('run');
    setError('');
    setProgress(null);
    try {
      const r = await Sync.run(from, to, demo);
      setReport(r);
      bump();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy('');
      Sync.status().then(setStatus, () => {});
    }
  };

  const pct = progress && progress.steps ? (100 * (progress.step + (progress.done ? 1 : 0))) / progress.steps : 0;
  return (
    <Stack gap="md" maw={900}>
      <Paper withBorder p="md" radius="md">
        <Title order={3} size="h5" mb="sm">
          Connection
        </Title>
        <Stack gap="sm">
          <PasswordInput
            label="Network API key"
            description={
              status?.configured
                ? `A key is stored (${status.keyStorage === 'keyring' ? 'in the system keyring' : 'in a file'}). Leave empty to keep it.`
                : 'Create one in Everflow under Control Center > Security. It is kept in the system keyring when one is available.'
            }
            placeholder={status?.configured ? '•••••••• (stored)' : 'Paste the key'}
            value={apiKey}
            onChange={(e) => setApiKey(e.currentTarget.value)}
            data-testid="sync-key"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Tracking domain"
              description="The host of your tracking links, e.g. trk.example.com"
              value={domain}
              onChange={(e) => setDomain(e.currentTarget.value)}
              data-testid="sync-domain"
            />
            <TextInput
              label="API address"
              description="EU-hosted networks: https://api-eu.eflow.team/v1"
              value={base}
              onChange={(e) => setBase(e.currentTarget.value)}
              data-testid="sync-base"
            />
          </SimpleGrid>
          {status?.keyStorage === 'file' && (
            <Alert color="yellow" icon={<IconAlertCircle />} data-testid="sync-key-file">
              No system keyring is available, so the API key is kept in a file in the CommHub data folder that only your
              user account can read. Install and unlock a keyring (e.g. GNOME Keyring or KWallet) to keep it there instead.
            </Alert>
          )}
          <Group>
            <Button leftSection={<IconDeviceFloppy size={16} />} onClick={() => void save()} loading={busy === 'save'} data-testid="sync-save">
              Save
            </Button>
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder p="md" radius="md">
        <Title order={3} size="h5" mb="sm">
          Sync
        </Title>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Pulls employees, advertisers, partners with their users&apos; e-mails, offers with their visibility and payout,
            approvals, daily stats and encoded IDs for tracking links. Partners and advertisers are rewritten only when
            they changed since the last sync; offers are read in full. Leave the dates empty to continue from the last
            synced day.
          </Text>
          <Group align="flex-end">
            <TextInput type="date" label="Stats from" value={from} onChange={(e) => setFrom(e.currentTarget.value)} data-testid="sync-from" />
            <TextInput type="date" label="Stats to" value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid="sync-to" />
            <Button
              leftSection={<IconCloudDownload size={16} />}
              onClick={() => void run()}
              loading={busy === 'run'}
              disabled={!status?.configured}
              data-testid="sync-run"
            >
              Sync now
            </Button>
          </Group>
          {!status?.configured && status && (
            <Text size="sm" c="orange" data-testid="sync-not-configured">
              Save a network API key first.
            </Text>
          )}
          {busy === 'run' && (
            <Stack gap={4} data-testid="sync-progress">
              <Progress value={pct} animated striped size="lg" />
              <Text size="sm">
                {progress ? `${PHASES[progress.phase] ?? progress.phase}: ${progress.rows.toLocaleString()} rows` : 'Connecting…'}
              </Text>
            </Stack>
          )}
          {error && (
            <Alert color="red" icon={<IconAlertCircle />} title="Sync failed" data-testid="sync-error">
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {error}
              </Text>
            </Alert>
          )}
          {report && <SyncReportView report={report} />}
        </Stack>
      </Paper>
      {demoChoice.modal}
    </Stack>
  );
}

function SyncReportView({ report }: { report: SyncReport }) {
  const items: [string, number][] = [
    ['Employees', report.employees ?? 0],
    ['Advertisers', report.advertisers],
    ['Partners', report.partners],
    ['Offers', report.offers],
    ['Approvals', report.approvals],
    ['Stat rows', report.stats],
    ['Encoded IDs', report.encoded ?? 0],
    ['Tracking links', report.links],
  ];
  return (
    <Stack gap="xs" data-testid="sync-report">
      <Text size="sm" fw={500}>
        Last sync: {new Date(report.finishedAt).toLocaleString()} (stats {report.from} to {report.to})
        {report.error ? ' stopped early' : ''}
      </Text>
      <SimpleGrid cols={{ base: 4, sm: 8 }}>
        {items.map(([label, n]) => (
          <Paper key={label} withBorder p="xs" radius="md">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={700}>{n.toLocaleString()}</Text>
          </Paper>
        ))}
      </SimpleGrid>
      {report.error && (
        <Text size="sm" c="red" style={{ overflowWrap: 'anywhere' }}>
          {report.error}
        </Text>
      )}
      {(report.missing?.length ?? 0) > 0 && (
        <Stack gap={2} data-testid="sync-missing">
          <Text size="sm" fw={500}>
            What was missing
          </Text>
          {report.missing?.map((m, i) => (
            <Text key={i} size="xs" style={{ overflowWrap: 'anywhere' }}>
              <b>{PHASES[m.phase] ?? m.phase}:</b> {m.text}
            </Text>
          ))}
        </Stack>
      )}
      {report.warnings?.map((w, i) => (
        <Text key={i} size="xs" c="orange" style={{ overflowWrap: 'anywhere' }}>
          {w}
        </Text>
      ))}
    </Stack>
  );
}
