import { describe, expect, it } from 'vitest';
import { describeSchedule, toCron, type Recurrence } from './recurrence';

const base: Recurrence = { preset: 'daily', time: '09:00', days: [], dayOfMonth: 1, cron: '' };

describe('toCron', () => {
  it('builds each preset', () => {
    expect(toCron(base)).toEqual({ cron: '0 9 * * *' });
    expect(toCron({ ...base, preset: 'weekly', days: ['THU', 'MON'], time: '7:30' })).toEqual({ cron: '30 7 * * MON,THU' });
    expect(toCron({ ...base, preset: 'monthly', dayOfMonth: 15 })).toEqual({ cron: '0 9 15 * *' });
    expect(toCron({ ...base, preset: 'firstMonday' })).toEqual({ cron: '0 9 * * MON#1' });
    expect(toCron({ ...base, preset: 'lastWorkingDay', time: '17:00' })).toEqual({ cron: '0 17 LW * *' });
    expect(toCron({ ...base, preset: 'cron', cron: ' @weekly ' })).toEqual({ cron: '@weekly' });
  });
  it('says what is missing', () => {
    expect(toCron({ ...base, time: '25:00' })).toEqual({ error: 'Choose a time of day such as 09:00' });
    expect(toCron({ ...base, preset: 'weekly' })).toEqual({ error: 'Pick at least one day of the week' });
    expect(toCron({ ...base, preset: 'monthly', dayOfMonth: 32 })).toEqual({ error: 'Choose a day of the month from 1 to 31' });
    expect(toCron({ ...base, preset: 'cron' })).toEqual({ error: 'Type a cron expression, e.g. 0 9 * * MON' });
  });
});

describe('describeSchedule', () => {
  it('says schedules in words', () => {
    expect(describeSchedule({ at: '2026-12-05T09:00:00', timeZone: 'Europe/Berlin' })).toBe('Once on 2026-12-05 09:00 (Europe/Berlin)');
    expect(describeSchedule({ cron: '0 9 * * MON,THU', timeZone: 'UTC' })).toBe('Every Monday, Thursday at 09:00 (UTC)');
    expect(describeSchedule({ cron: '0 17 LW * *', timeZone: 'UTC', count: 3 })).toBe('Last working day of the month at 17:00, 3 times (UTC)');
    expect(describeSchedule({ cron: '*/5 * 1 1 *', timeZone: 'UTC' })).toBe('cron */5 * 1 1 * (UTC)');
  });
});
