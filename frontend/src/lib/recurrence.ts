// Recurrence presets as the schedule dialog offers them, turned into the cron expressions
// the backend reads (docs/scheduling.md). Only the expression is built here: the fire
// times always come from the backend.

export type Preset = 'daily' | 'weekly' | 'monthly' | 'firstMonday' | 'lastWorkingDay' | 'cron';

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Recurrence {
  preset: Preset;
  /** HH:MM, local to the schedule's zone. */
  time: string;
  /** weekly: the days it runs on. */
  days: Weekday[];
  /** monthly: the day of the month, 1-31. */
  dayOfMonth: number;
  /** cron: the expression as typed. */
  cron: string;
}

/** The cron expression for a recurrence, or an error to show instead. */
export function toCron(r: Recurrence): { cron: string } | { error: string } {
  if (r.preset === 'cron') {
    return r.cron.trim() ? { cron: r.cron.trim() } : { error: 'Type a cron expression, e.g. 0 9 * * MON' };
  }
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(r.time.trim());
  if (!m) return { error: 'Choose a time of day such as 09:00' };
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  const at = `${minute} ${hour}`;
  switch (r.preset) {
    case 'daily':
      return { cron: `${at} * * *` };
    case 'weekly': {
      const days = WEEKDAYS.filter((d) => r.days.includes(d));
      return days.length ? { cron: `${at} * * ${days.join(',')}` } : { error: 'Pick at least one day of the week' };
    }
    case 'monthly':
      return Number.isInteger(r.dayOfMonth) && r.dayOfMonth >= 1 && r.dayOfMonth <= 31
        ? { cron: `${at} ${r.dayOfMonth} * *` }
        : { error: 'Choose a day of the month from 1 to 31' };
    case 'firstMonday':
      return { cron: `${at} * * MON#1` };
    case 'lastWorkingDay':
      return { cron: `${at} LW * *` };
  }
}

/** Says a schedule in words, for lists: "Every Monday at 09:00", "Once on 5 Dec 2026, 09:00". */
export function describeSchedule(s: { at?: string; cron?: string; timeZone: string; until?: string; count?: number }): string {
  const zone = s.timeZone ? ` (${s.timeZone})` : '';
  if (s.at) return `Once on ${s.at.replace('T', ' ').slice(0, 16)}${zone}`;
  const c = (s.cron ?? '').trim();
  const f = c.split(/\s+/);
  let text = `cron ${c}`;
  if (f.length === 5 && /^\d+$/.test(f[0]) && /^\d+$/.test(f[1])) {
    const time = `${f[1].padStart(2, '0')}:${f[0].padStart(2, '0')}`;
    const [dom, mon, dow] = [f[2], f[3], f[4]];
    if (mon === '*') {
      if (dom === '*' && dow === '*') text = `Every day at ${time}`;
      else if (dom === '*' && dow === 'MON#1') text = `First Monday of the month at ${time}`;
      else if (dom === 'LW' && dow === '*') text = `Last working day of the month at ${time}`;
      else if (dom === '*' && /^[A-Z,]+$/.test(dow)) text = `Every ${dow.split(',').map(dayName).join(', ')} at ${time}`;
      else if (/^\d+$/.test(dom) && dow === '*') text = `Monthly on day ${dom} at ${time}`;
    }
  }
  if (s.until) text += `, until ${s.until}`;
  if (s.count) text += `, ${s.count} times`;
  return text + zone;
}

const NAMES: Record<string, string> = { MON: 'Monday', TUE: 'Tuesday', WED: 'Wednesday', THU: 'Thursday', FRI: 'Friday', SAT: 'Saturday', SUN: 'Sunday' };
const dayName = (d: string) => NAMES[d] ?? d;
