import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Chip, Group, List, Loader, Modal, NumberInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { DateInput, DatePickerInput, TimeInput } from '@mantine/dates';
import { IconCalendarEvent } from '@tabler/icons-react';
import { Messages, type Scheduled, type ScheduleSpec } from '../../api/messages';
import { Settings } from '../../api/settings';
import { ApiError } from '../../api/transport';
import { notifyError, notifySuccess } from '../../app/notify';
import { WEEKDAYS, toCron, type Preset, type Recurrence, type Weekday } from '../../lib/recurrence';

const PRESETS: { value: Preset; label: string }[] = [
  { value: 'daily', label: 'Every day' },
  { value: 'weekly', label: 'Weekly on chosen days' },
  { value: 'monthly', label: 'Monthly on a day' },
  { value: 'firstMonday', label: 'First Monday of the month' },
  { value: 'lastWorkingDay', label: 'Last working day of the month' },
  { value: 'cron', label: 'Cron expression' },
];

const DAY_LABELS: Record<Weekday, string> = { MON: 'Mon', TUE: 'Tue', WED: 'Wed', THU: 'Thu', FRI: 'Fri', SAT: 'Sat', SUN: 'Sun' };

function zones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf: (k: string) => string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

/** Shows a fire time on the wall clock of the schedule's zone, in words. */
export function formatFireTime(iso: string, zone: string, short = false): string {
  const opts: Intl.DateTimeFormatOptions = short
    ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }
    : { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat(undefined, { ...opts, timeZone: zone || undefined }).format(new Date(iso));
  } catch {
    return new Date(iso).toLocaleString();
  }
}

/** Today as YYYY-MM-DD on this computer's calendar. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface Props {
  messageId: number;
  opened: boolean;
  onClose: () => void;
  onScheduled: (s: Scheduled) => void;
}

/** Schedules a message once or on a recurrence; the next five dates come from the server. */
export function ScheduleModal({ messageId, opened, onClose, onScheduled }: Props) {
  const [mode, setMode] = useState<'once' | 'repeat'>('once');
  const [day, setDay] = useState<string | null>(null);
  const [time, setTime] = useState('09:00');
  const [rec, setRec] = useState<Recurrence>({ preset: 'weekly', time: '09:00', days: ['MON'], dayOfMonth: 1, cron: '' });
  const [until, setUntil] = useState<string | null>(null);
  const [count, setCount] = useState<number | string>(0);
  const [zone, setZone] = useState('');
  const [settingsZone, setSettingsZone] = useState('');
  const [next, setNext] = useState<string[] | null>(null);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const zoneList = useMemo(zones, []);

  useEffect(() => {
    if (opened) Settings.get().then((s) => setSettingsZone(s.timeZone), () => setSettingsZone(''));
  }, [opened]);

  const built = useMemo((): { spec: ScheduleSpec } | { error: string } => {
    if (mode === 'once') {
      if (!day) return { error: 'Choose the day to send it' };
      if (!/^\d{1,2}:\d{2}$/.test(time)) return { error: 'Choose the time of day to send it, such as 09:00' };
      return { spec: { at: `${day.slice(0, 10)}T${time.padStart(5, '0')}:00`, timeZone: zone } };
    }
    const c = toCron(rec);
    if ('error' in c) return c;
    return { spec: { cron: c.cron, timeZone: zone, until: until ?? '', count: Number(count) || 0 } };
  }, [mode, day, time, rec, until, count, zone]);

  useEffect(() => {
    if (!opened) return;
    if ('error' in built) {
      setNext(null);
      setProblem(built.error);
      return;
    }
    let live = true;
    const t = window.setTimeout(() => {
      Messages.previewSchedule(built.spec).then(
        (n) => {
          if (!live) return;
          setNext(n);
          setProblem(n.length ? '' : 'This schedule has no date left: choose a later time or end date.');
        },
        (e: unknown) => {
          if (!live) return;
          setNext(null);
          setProblem(e instanceof ApiError ? e.message : String(e));
        },
      );
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [built, opened]);

  async function save() {
    if ('error' in built) return;
    setBusy(true);
    try {
      const s = await Messages.schedule(messageId, built.spec);
      notifySuccess('Scheduled', `Next send: ${formatFireTime(s.next[0], zone || settingsZone)}`);
      onScheduled(s);
      onClose();
    } catch (e) {
      notifyError('Scheduling', e);
    } finally {
      setBusy(false);
    }
  }

  const shownZone = zone || settingsZone;
  return (
    <Modal opened={opened} onClose={onClose} title="Schedule this message" size="lg" data-testid="schedule-modal">
      <Stack gap="sm">
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as 'once' | 'repeat')}
          data={[
            { value: 'once', label: 'Once' },
            { value: 'repeat', label: 'Repeat' },
          ]}
          data-testid="schedule-mode"
        />
        {mode === 'once' ? (
          <Group grow align="flex-start">
            <DateInput label="Send on" placeholder="YYYY-MM-DD" valueFormat="YYYY-MM-DD" value={day} onChange={setDay} minDate={today()} clearable data-testid="schedule-day" />
            <TimeInput label="At" value={time} onChange={(e) => setTime(e.currentTarget.value)} data-testid="schedule-at-time" />
          </Group>
        ) : (
          <>
            <Group grow align="flex-start">
              <Select label="Repeats" data={PRESETS} value={rec.preset} allowDeselect={false} onChange={(v) => v && setRec({ ...rec, preset: v as Preset })} data-testid="schedule-preset" />
              {rec.preset === 'cron' ? (
                <TextInput label="Cron expression" placeholder="0 9 * * MON" value={rec.cron} onChange={(e) => setRec({ ...rec, cron: e.currentTarget.value })} data-testid="schedule-cron" />
              ) : (
                <TimeInput label="At" value={rec.time} onChange={(e) => setRec({ ...rec, time: e.currentTarget.value })} data-testid="schedule-time" />
              )}
            </Group>
            {rec.preset === 'weekly' && (
              <Chip.Group multiple value={rec.days} onChange={(v) => setRec({ ...rec, days: v as Weekday[] })}>
                <Group gap={6} data-testid="schedule-days">
                  {WEEKDAYS.map((d) => (
                    <Chip key={d} value={d} size="sm">
                      {DAY_LABELS[d]}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            )}
            {rec.preset === 'monthly' && (
              <NumberInput label="Day of the month" min={1} max={31} value={rec.dayOfMonth} onChange={(v) => setRec({ ...rec, dayOfMonth: Number(v) })} w={160} />
            )}
            <Group grow align="flex-start">
              <DatePickerInput label="Until (optional)" placeholder="No end date" value={until} onChange={setUntil} clearable data-testid="schedule-until" />
              <NumberInput label="Number of sends (0 = no limit)" min={0} value={count} onChange={setCount} data-testid="schedule-count" />
            </Group>
          </>
        )}
        <Select
          label="Time zone"
          searchable
          data={[{ value: '', label: `From Settings${settingsZone ? ` (${settingsZone})` : ' (this computer)'}` }, ...zoneList.map((z) => ({ value: z, label: z }))]}
          value={zone}
          onChange={(v) => setZone(v ?? '')}
          data-testid="schedule-zone"
        />
        <Stack gap={4} data-testid="schedule-next">
          <Text size="sm" fw={500}>
            Next sends
          </Text>
          {problem ? (
            <Alert color="orange" py="xs" data-testid="schedule-problem">
              {problem}
            </Alert>
          ) : next === null ? (
            <Loader size="xs" />
          ) : (
            <List size="sm" spacing={2}>
              {next.map((n) => (
                <List.Item key={n}>{formatFireTime(n, shownZone)}</List.Item>
              ))}
            </List>
          )}
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button leftSection={<IconCalendarEvent size={16} />} disabled={!!problem || !next?.length} loading={busy} onClick={save} data-testid="schedule-confirm">
            Schedule
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
