import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Text, Timeline } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarEvent } from '@tabler/icons-react';
import { Messages, type ActivityLine, type ScheduledEntry } from '../../api/messages';
import { Events } from '../../api/transport';
import { notifyError } from '../../app/notify';
import { describeSchedule } from '../../lib/recurrence';
import { useEvent } from '../../lib/useEvent';
import { ScheduleModal, formatFireTime } from './ScheduleModal';

/** Opens the schedule dialog; onStatus reports the message's new status. */
export function ScheduleButton({ messageId, ready, flush, onStatus }: { messageId: number; ready: boolean; flush: () => Promise<void>; onStatus: (s: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="light"
        leftSection={<IconCalendarEvent size={16} />}
        disabled={!ready}
        onClick={() => flush().then(() => setOpen(true), (e) => notifyError('Saving', e))}
        data-testid="schedule"
        style={{ flexShrink: 0 }}
      >
        Schedule…
      </Button>
      {open && <ScheduleModal messageId={messageId} opened={open} onClose={() => setOpen(false)} onScheduled={(s) => onStatus(s.status)} />}
    </>
  );
}

/**
 * Says when a scheduled message goes out and that editing it takes it back to draft; it
 * also tells the user when an edit did exactly that.
 */
export function ScheduledNotice({ messageId, status, onStatus }: { messageId: number; status: string; onStatus: (s: string) => void }) {
  const [entry, setEntry] = useState<ScheduledEntry | null>(null);
  useEffect(() => {
    if (status !== 'scheduled') return setEntry(null);
    Messages.scheduled().then((list) => setEntry(list.find((e) => e.messageId === messageId) ?? null), () => setEntry(null));
  }, [messageId, status]);
  useEvent(Events.MessageUnscheduled, (e) => {
    if (e.messageId !== messageId) return;
    notifications.show({ color: 'orange', title: 'Back to draft', message: e.notice, autoClose: 10000 });
    onStatus('draft');
  });
  if (status !== 'scheduled') return null;
  const unschedule = () =>
    Messages.unschedule(messageId).then(
      () => onStatus('draft'),
      (e) => notifyError('Unscheduling', e),
    );
  return (
    <Alert color="grape" icon={<IconCalendarEvent />} title="Scheduled" data-testid="scheduled-notice">
      {entry && (
        <Text size="sm">
          {describeSchedule(entry.schedule)}.{' '}
          {entry.next.length > 0 && <>Next send: {formatFireTime(entry.next[0], entry.schedule.timeZone)}.</>}
        </Text>
      )}
      <Text size="sm">
        Editing it takes it back to draft: schedule it again when you are done.{' '}
        <Anchor onClick={unschedule} data-testid="unschedule">
          Unschedule now
        </Anchor>
      </Text>
    </Alert>
  );
}

const EVENT_COLORS: Record<string, string> = { missed: 'orange', failed: 'red', empty: 'yellow', cancelled: 'gray', finished: 'teal', started: 'blue' };

/** The message's history: created, edited, scheduled, started, finished... */
export function ActivityPanel({ messageId, version }: { messageId: number; version: unknown }) {
  const [lines, setLines] = useState<ActivityLine[] | null>(null);
  useEffect(() => {
    Messages.activity(messageId).then(setLines, () => setLines([]));
  }, [messageId, version]);
  if (!lines) return null;
  if (lines.length === 0) return <Text c="dimmed" size="sm">Nothing yet.</Text>;
  return (
    <Timeline bulletSize={12} lineWidth={2} data-testid="activity">
      {lines.map((l, i) => (
        <Timeline.Item key={i} color={EVENT_COLORS[l.event] ?? 'gray'} title={l.event.charAt(0).toUpperCase() + l.event.slice(1)}>
          <Text size="xs" c="dimmed">
            {new Date(l.at).toLocaleString()}
          </Text>
          {l.detail && <Text size="sm">{l.detail}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
