import { useEffect, useRef, useState } from 'react';
import {
  Accordion,
  Alert,
  Anchor,
  Badge,
  Grid,
  Group,
  Loader,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconCloudCheck, IconCloudUpload, IconAlertCircle } from '@tabler/icons-react';
import { Deliveries } from '../../api/deliveries';
import { Messages, type MacroDef, type Message, type Problem } from '../../api/messages';
import { navigate } from '../../app/route';
import { notifyError } from '../../app/notify';
import { useAsync } from '../../lib/useAsync';
import { BodyEditor } from './BodyEditor';
import { MacroMenu } from './MacroMenu';
import { OffersEditor } from './OffersEditor';
import { PreviewPane } from './PreviewPane';
import { ProfileSelect } from './ProfileSelect';
import { ProblemList } from './ProblemList';
import { RecipientsEditor } from './RecipientsEditor';
import { SendAgainButton } from './SendAgainButton';
import { SendButton } from './SendButton';
import { ActivityPanel, ScheduleButton, ScheduledNotice } from './ScheduleControls';
import { SubjectInput } from './SubjectInput';
import { SaveAsTemplate } from '../templates/SaveAsTemplate';
import { cachedDraft } from './draftCache';
import { scopeOf } from './macroCompletion';
import { useAutosave, type SaveState } from './useAutosave';

function SaveIndicator({ state }: { state: SaveState }) {
  switch (state.kind) {
    case 'saved':
      return (
        <Badge variant="light" color="teal" leftSection={<IconCloudCheck size={14} />} data-testid="save-state" style={{ flexShrink: 0 }} maw="none">
          Saved {state.at.toLocaleTimeString()}
        </Badge>
      );
    case 'error':
      return (
        <Badge variant="light" color="red" leftSection={<IconAlertCircle size={14} />} title={state.message} data-testid="save-state" style={{ flexShrink: 1, minWidth: 0 }}>
          Not saved: {state.message.slice(0, 60)}
        </Badge>
      );
    default:
      return (
        <Badge variant="light" color="gray" leftSection={<IconCloudUpload size={14} />} data-testid="save-state" style={{ flexShrink: 0 }} maw="none">
          Saving…
        </Badge>
      );
  }
}

/** Validates the draft 400 ms after the last change; stale answers are dropped. */
function useValidation(draft: Message | null) {
  const [problems, setProblems] = useState<Problem[] | undefined>();
  const [pending, setPending] = useState(false);
  const seq = useRef(0);
  useEffect(() => {
    if (!draft) return;
    setPending(true);
    const n = ++seq.current;
    const t = window.setTimeout(() => {
      Messages.validate(draft).then(
        (p) => {
          if (n === seq.current) {
            setProblems(p);
            setPending(false);
          }
        },
        () => n === seq.current && setPending(false),
      );
    }, 400);
    return () => window.clearTimeout(t);
  }, [draft]);
  return { problems, pending };
}

export function Editor({ id }: { id: number }) {
  const [draft, setDraft] = useState<Message | null>(null);
  const [loadError, setLoadError] = useState('');
  const [restored, setRestored] = useState(false);
  const [macros, setMacros] = useState<MacroDef[]>([]);
  const autosave = useAutosave(draft);
  const { problems, pending } = useValidation(draft);
  const subjectRef = useRef<HTMLInputElement>(null);
  // A message with any earlier send (even one cancelled before it reached anybody) is sent
  // again only through the explicit step that says who already got it.
  const runs = useAsync(() => Deliveries.runs(id), [id]);

  useEffect(() => {
    Messages.macros().then(setMacros, () => setMacros([]));
    Messages.get(id).then(
      (m) => {
        const cached = cachedDraft(id);
        if (cached && (!m.updatedAt || cached.at > Date.parse(m.updatedAt))) {
          setDraft({ ...cached.message, id });
          setRestored(true);
          autosave.markDirty();
        } else setDraft(m);
      },
      (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  if (loadError) {
    return (
      <Alert color="red" title="Cannot open this message">
        {loadError} <Anchor onClick={() => navigate('compose')}>Back to messages</Anchor>
      </Alert>
    );
  }
  if (!draft) return <Loader />;

  const update = (patch: Partial<Message>) => {
    const next = { ...draft, ...patch };
    if (next.kind === 'offer_details') next.recipientKind = 'partners';
    setDraft(next);
    autosave.changed(next);
  };
  const ready = !pending && problems !== undefined && problems.every((p) => p.severity !== 'error') && autosave.state.kind === 'saved';
  // The status is the server's: it changes without marking the draft as edited.
  const setStatus = (status: string) => setDraft((d) => (d ? { ...d, status } : d));
  const scope = scopeOf(draft.kind, draft.recipientKind);
  const offers = draft.offers ?? [];
  const fieldError = (field: string) =>
    problems
      ?.filter((p) => p.field === field && p.severity === 'error')
      .map((p) => (p.line > 0 ? `Column ${p.column}: ${p.message}` : p.message))
      .join(' · ') || undefined;

  const insertInSubject = (m: MacroDef) => {
    const el = subjectRef.current;
    const text = m.offer && offers.length > 1 ? `{${m.name}:${offers[0]}}` : `{${m.name}}`;
    const at = el?.selectionStart ?? draft.subject.length;
    update({ subject: draft.subject.slice(0, at) + text + draft.subject.slice(el?.selectionEnd ?? at) });
  };

  return (
    <Stack gap="md">
      {/* The actions move under the title when both do not fit on one line (960 px windows). */}
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 300px' }}>
          <Anchor onClick={() => navigate('compose')} aria-label="Back to messages">
            <IconArrowLeft size={18} />
          </Anchor>
          <Title order={2} size="h3" lineClamp={1} data-testid="editor-title">
            {draft.name || draft.subject || 'Untitled message'}
          </Title>
          <Badge variant="outline" style={{ flexShrink: 0 }} maw="none">{draft.kind === 'offer_details' ? 'Offer Details' : 'General'}</Badge>
        </Group>
        <Group gap="xs" wrap="nowrap" ml="auto">
          <SaveIndicator state={autosave.state} />
          <SaveAsTemplate messageId={id} suggestedName={draft.name || draft.subject} flush={autosave.flush} />
          <ScheduleButton messageId={id} ready={ready && draft.status !== 'sending' && draft.status !== 'sent'} flush={autosave.flush} onStatus={setStatus} />
          {draft.status !== 'sending' && draft.status !== 'scheduled' && (draft.status === 'sent' || (runs.data?.length ?? 0) > 0) ? (
            <SendAgainButton messageId={id} />
          ) : (
            <SendButton messageId={id} ready={ready && draft.status !== 'sending' && draft.status !== 'scheduled'} flush={autosave.flush} />
          )}
        </Group>
      </Group>
      {(draft.status === 'sending' || draft.status === 'sent') && (
        <Alert color="blue" data-testid="sent-notice">
          This message is {draft.status} and can no longer be changed.{' '}
          <Anchor
            data-testid="duplicate"
            onClick={() => Messages.duplicate(id).then((copy) => navigate('compose', String(copy)), (e) => notifyError('Duplicating', e))}
          >
            Duplicate it
          </Anchor>{' '}
          to adapt it{draft.status === 'sent' ? ', or use Send again… to reach those who did not get it' : ''}.
        </Alert>
      )}
      <ScheduledNotice messageId={id} status={draft.status} onStatus={setStatus} />
      {restored && (
        <Alert color="blue" withCloseButton onClose={() => setRestored(false)} data-testid="restored">
          Changes that had not reached the database were restored from this computer and are being saved.
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Internal name" placeholder="Only you see it" value={draft.name} onChange={(e) => update({ name: e.currentTarget.value })} data-testid="message-name" />
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  Kind
                </Text>
                <SegmentedControl
                  value={draft.kind}
                  onChange={(v) => update({ kind: v as Message['kind'] })}
                  data={[
                    { value: 'general', label: 'General' },
                    { value: 'offer_details', label: 'Offer Details' },
                  ]}
                  data-testid="message-kind"
                />
              </Stack>
            </SimpleGrid>
            <SubjectInput
              ref={subjectRef}
              value={draft.subject}
              onChange={(subject) => update({ subject })}
              error={fieldError('subject')}
              macros={macros}
              scope={scope}
              offers={offers}
              rightSection={<MacroMenu macros={macros} scope={scope} context="subject" onPick={insertInSubject} testId="subject-macros" />}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label="From name" value={draft.fromName} onChange={(e) => update({ fromName: e.currentTarget.value })} />
              <TextInput label="From address" value={draft.fromEmail} error={fieldError('fromEmail')} onChange={(e) => update({ fromEmail: e.currentTarget.value })} />
              <TextInput label="Reply-to" value={draft.replyTo} error={fieldError('replyTo')} onChange={(e) => update({ replyTo: e.currentTarget.value })} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label="Theme"
                value={draft.theme}
                allowDeselect={false}
                onChange={(v) => v && update({ theme: v as Message['theme'] })}
                data={[
                  { value: 'blank', label: 'Blank' },
                  { value: 'logo', label: 'Logo' },
                  { value: 'branded', label: 'Branded (logo and colours)' },
                ]}
                data-testid="message-theme"
              />
              <ProfileSelect value={draft.smtpProfileId} onChange={(smtpProfileId) => update({ smtpProfileId })} />
            </SimpleGrid>
            <BodyEditor value={draft.body} onChange={(body) => update({ body })} macros={macros} scope={scope} offers={offers} />
            <ProblemList problems={problems} pending={pending} />
            <Accordion multiple defaultValue={['recipients', 'offers']} variant="separated">
              {draft.kind === 'offer_details' && (
                <Accordion.Item value="offers">
                  <Accordion.Control>Offers ({offers.length})</Accordion.Control>
                  <Accordion.Panel>
                    <OffersEditor offers={offers} onChange={(o) => update({ offers: o })} />
                  </Accordion.Panel>
                </Accordion.Item>
              )}
              <Accordion.Item value="recipients">
                <Accordion.Control>Recipients</Accordion.Control>
                <Accordion.Panel>
                  <RecipientsEditor message={draft} onChange={update} />
                </Accordion.Panel>
              </Accordion.Item>
              {draft.kind === 'offer_details' && (
                <Accordion.Item value="tracking">
                  <Accordion.Control>Tracking link parameters</Accordion.Control>
                  <Accordion.Panel>
                    <SimpleGrid cols={{ base: 2, sm: 4 }}>
                      {(['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'sourceId', 'creativeId'] as const).map((k) => (
                        <TextInput key={k} label={k} value={draft.tracking[k]} onChange={(e) => update({ tracking: { ...draft.tracking, [k]: e.currentTarget.value } })} />
                      ))}
                    </SimpleGrid>
                    <TextInput
                      mt="xs"
                      label="Deep link (url)"
                      placeholder="https://advertiser.example/landing"
                      value={draft.tracking.url}
                      error={fieldError('tracking')}
                      onChange={(e) => update({ tracking: { ...draft.tracking, url: e.currentTarget.value } })}
                    />
                  </Accordion.Panel>
                </Accordion.Item>
              )}
              <Accordion.Item value="activity">
                <Accordion.Control>Activity</Accordion.Control>
                <Accordion.Panel>
                  <ActivityPanel messageId={id} version={`${autosave.version}:${draft.status}`} />
                </Accordion.Panel>
              </Accordion.Item>
            </Accordion>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <PreviewPane messageId={id} version={autosave.version} defaultTestAddress={draft.fromEmail} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
