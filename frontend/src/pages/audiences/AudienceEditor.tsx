import { Button, Grid, Group, Menu, SegmentedControl, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconArrowLeft, IconDeviceFloppy, IconSparkles } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Audiences, type AudienceKind, type Rules, type Starter } from '../../api/audiences';
import { Network } from '../../api/network';
import { notifyError, notifySuccess } from '../../app/notify';
import { navigate } from '../../app/route';
import { useAsync } from '../../lib/useAsync';
import { GroupsEditor } from './GroupsEditor';
import { LivePreview } from './LivePreview';
import { useLive } from './useLive';

const EMPTY: Rules = { kind: 'partners', groups: [{ rules: [{ field: 'status', values: ['active'] }] }] };

/** "group 2 rule 1 (...)" in a backend error names the rule to highlight. */
function badRuleOf(message: string | undefined): [number, number] | undefined {
  const m = message?.match(/^group (\d+) rule (\d+)/);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function AudienceEditor({ id }: { id: number }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [rules, setRules] = useState<Rules>(EMPTY);
  const [saving, setSaving] = useState(false);
  const [loaded, setLoaded] = useState(id === 0);
  const facets = useAsync(() => Network.facets(), []);
  const offerPage = useAsync(() => Network.listOffers({ page: 1, pageSize: 500, sort: 'name' }), []);
  const starters = useAsync(() => Audiences.starters(), []);
  const offers = useMemo(
    () => (offerPage.data?.items ?? []).map((o) => ({ value: String(o.id), label: `${o.name} (#${o.id})` })),
    [offerPage.data],
  );

  useEffect(() => {
    if (id === 0) return;
    Audiences.get(id).then(
      (a) => {
        setName(a.name);
        setDescription(a.description);
        setRules(a.rules);
        setLoaded(true);
      },
      (e) => notifyError('Open audience', e),
    );
  }, [id]);

  const rulesKey = JSON.stringify(rules);
  const count = useLive(rules, rulesKey, (r) => Audiences.count(r));
  const error = count.error?.code === 'invalid' ? count.error : undefined;

  const applyStarter = (s: Starter) => {
    setRules(s.rules);
    if (!name) setName(s.name);
    if (!description) setDescription(s.description);
  };

  const save = async () => {
    setSaving(true);
    try {
      const saved = await Audiences.save({ id, name, description, rules });
      notifySuccess('Audience saved', `"${name.trim()}" is ready to use in Compose.`);
      if (id === 0) navigate('audiences', String(saved));
    } catch (e) {
      notifyError('Save audience', e);
    } finally {
      setSaving(false);
    }
  };

  if (!loaded) return null;
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Button variant="subtle" size="xs" leftSection={<IconArrowLeft size={14} />} onClick={() => navigate('audiences')} style={{ flexShrink: 0 }}>
            Audiences
          </Button>
          <Title order={2} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {id === 0 ? 'New audience' : name || 'Audience'}
          </Title>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" size="xs" leftSection={<IconSparkles size={14} />}>Starters</Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(starters.data ?? []).map((s) => (
                <Menu.Item key={s.key} onClick={() => applyStarter(s)}>
                  <Text size="sm">{s.name}</Text>
                  <Text size="xs" c="dimmed">{s.description}</Text>
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Button size="xs" leftSection={<IconDeviceFloppy size={14} />} loading={saving} onClick={save} disabled={!name.trim()}>
            Save
          </Button>
        </Group>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="sm">
            <TextInput label="Name" required maxLength={120} value={name} onChange={(e) => setName(e.currentTarget.value)}
              placeholder="e.g. VIP partners with revenue last month" />
            <Textarea label="Description" autosize minRows={1} maxRows={3} value={description}
              onChange={(e) => setDescription(e.currentTarget.value)} />
            <Group gap="xs">
              <Text size="sm" fw={500}>Recipients</Text>
              <SegmentedControl size="xs" value={rules.kind}
                data={[{ value: 'partners', label: 'Partners' }, { value: 'advertisers', label: 'Advertisers' }]}
                onChange={(k) => setRules({ kind: k as AudienceKind, groups: [{ rules: [{ field: 'status', values: ['active'] }] }] })} />
            </Group>
            <GroupsEditor kind={rules.kind} groups={rules.groups} onChange={(groups) => setRules({ ...rules, groups })}
              facets={facets.data} offers={offers} badRule={badRuleOf(error?.message)} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <LivePreview rules={rules} rulesKey={rulesKey} error={error} count={count.data?.count} counting={count.pending} />
          {count.error && !error && (
            <Text size="sm" c="red" mt="xs">Counting failed: {count.error.message}</Text>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
