import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  ColorInput,
  Group,
  Loader,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconDeviceFloppy } from '@tabler/icons-react';
import { Settings, type AppSettings } from '../../api/settings';
import { ApiError } from '../../api/transport';
import { notifySuccess } from '../../app/notify';
import { SmtpProfiles } from './SmtpProfiles';

type Field = Exclude<keyof AppSettings, 'missedRunGraceMinutes'>;

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

export default function SettingsPage() {
  const [s, setS] = useState<AppSettings | null>(null);
  const [error, setError] = useState<string>('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    Settings.get().then(setS, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  if (!s) {
    return error ? (
      <Alert color="red" icon={<IconAlertCircle />} title="Cannot read the settings">
        {error}
      </Alert>
    ) : (
      <Loader />
    );
  }

  const text = (field: Field, label: string, description?: string, placeholder?: string) => (
    <TextInput
      label={label}
      description={description}
      placeholder={placeholder}
      value={s[field]}
      data-testid={`settings-${field}`}
      onChange={(e) => setS({ ...s, [field]: e.currentTarget.value })}
    />
  );
  const color = (field: Field, label: string) => (
    <ColorInput label={label} value={s[field]} format="hex" data-testid={`settings-${field}`} onChange={(v) => setS({ ...s, [field]: v })} />
  );

  async function save() {
    if (!s) return;
    setSaving(true);
    setError('');
    try {
      setS(await Settings.save(s));
      notifySuccess('Settings saved', 'New messages and previews use them from now on.');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack maw={900} gap="md">
      <Group justify="space-between">
        <Title order={2}>Settings</Title>
        <Button leftSection={<IconDeviceFloppy size={16} />} loading={saving} onClick={save} data-testid="settings-save">
          Save settings
        </Button>
      </Group>
      {error && (
        <Alert color="red" icon={<IconAlertCircle />} title="Not saved" data-testid="settings-error">
          {error.replace(/^settings: /, '').split('; ').map((line) => (
            <Text key={line} size="sm">
              • {line}
            </Text>
          ))}
        </Alert>
      )}
      <Section title="Network">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('networkName', 'Network name', 'Shown in emails as {network_name}.')}
          {text('timeZone', 'Time zone', 'IANA name, e.g. Europe/London. Empty: this computer’s zone.', 'Europe/London')}
        </SimpleGrid>
        <NumberInput
          label="Send missed scheduled messages if late by at most (minutes)"
          description="A scheduled send that fell due while CommHub was closed goes out at the next start if it is at most this late; later ones wait for you in Scheduled. 0: never send late."
          min={0}
          max={10080}
          value={s.missedRunGraceMinutes}
          onChange={(v) => setS({ ...s, missedRunGraceMinutes: Number(v) || 0 })}
          data-testid="settings-missedRunGraceMinutes"
          maw={420}
        />
      </Section>
      <Section title="Tracking links">
        {text('trackingDomain', 'Tracking domain', 'Host of tracking links, without https://.', 'trk.example.com')}
        {text(
          'trackingTemplate',
          'Link template',
          'Empty: Everflow’s https://{tracking_domain}/{encoded_partner_id}/{encoded_offer_id}/. Placeholders: tracking_domain, partner_id, offer_id, encoded_partner_id, encoded_offer_id, sub1…sub5, source_id, creative_id, url.',
          'https://{tracking_domain}/click?aff_id={partner_id}&offer_id={offer_id}',
        )}
        {text('unsubscribeBaseUrl', 'Unsubscribe base URL', 'Every email’s {unsub_link} points here, with the recipient’s signed token.', 'https://trk.example.com/u')}
      </Section>
      <Section title="Email defaults">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {text('defaultFromName', 'From name')}
          {text('defaultFromEmail', 'From address', undefined, 'news@example.com')}
          {text('defaultReplyTo', 'Reply-to')}
        </SimpleGrid>
        <Textarea
          label="Footer text"
          description="Printed in every email footer: postal address, legal line."
          autosize
          minRows={2}
          value={s.footerText}
          data-testid="settings-footerText"
          onChange={(e) => setS({ ...s, footerText: e.currentTarget.value })}
        />
      </Section>
      <Section title="Theme (Logo and Branded)">
        {text('logoUrl', 'Logo URL', 'An https:// image, about 48 px high.')}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {color('brandColor', 'Brand colour')}
          {color('accentColor', 'Accent colour (links, buttons)')}
          {color('backgroundColor', 'Background colour')}
        </SimpleGrid>
      </Section>
      <SmtpProfiles />
    </Stack>
  );
}
