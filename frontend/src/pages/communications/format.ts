import type { DeliveryStatus, RunStatus } from '../../api/deliveries';

/** Badge colour of a per-recipient status. */
export const deliveryColor: Record<DeliveryStatus, string> = {
  queued: 'gray',
  sending: 'blue',
  sent: 'teal',
  failed: 'red',
  blocked: 'orange',
  skipped: 'gray',
  unknown: 'grape',
  cancelled: 'dark',
};

export const runColor: Record<RunStatus, string> = {
  running: 'blue',
  paused: 'yellow',
  cancelled: 'dark',
  done: 'teal',
};

const timeFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** An RFC 3339 time as date and time in the user's zone; empty shows a dash. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso || iso.startsWith('0001-01-01')) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : timeFormat.format(d);
}

/** Seconds as "1 h 02 min", "3 min 05 s", "42 s"; negative means unknown. */
export function formatDuration(seconds: number): string {
  if (seconds < 0) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(r).padStart(2, '0')} s`;
  return `${r} s`;
}

/** Messages per second shown as per second, or per minute when slow. */
export function formatRate(perSecond: number): string {
  if (perSecond <= 0) return '—';
  if (perSecond < 1) return `${(perSecond * 60).toFixed(1)}/min`;
  return `${perSecond.toFixed(perSecond < 10 ? 1 : 0)}/s`;
}
