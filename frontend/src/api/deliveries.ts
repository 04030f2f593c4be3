// Typed wrappers for the Deliveries and Suppressions services (backend/api/deliveries.go,
// suppressions.go): send runs, their per-recipient log, and the suppression list.
import { call } from './transport';

export type RunStatus = 'running' | 'paused' | 'cancelled' | 'done';
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'blocked' | 'skipped' | 'unknown' | 'cancelled';
export const deliveryStatuses: DeliveryStatus[] = ['queued', 'sending', 'sent', 'failed', 'blocked', 'skipped', 'unknown', 'cancelled'];

/** A run's recipients by delivery status. */
export interface Totals {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  blocked: number;
  skipped: number;
  unknown: number;
  cancelled: number;
}

/** The payload of the "delivery.progress" event: the run's totals and its pace. */
export interface Progress extends Totals {
  runId: number;
  messageId: number;
  status: RunStatus;
  note: string;
  remaining: number;
  rate: number;
  etaSeconds: number;
  slowedTo: number;
}

export const PROGRESS_EVENT = 'delivery.progress';

export interface RunSummary {
  id: number;
  messageId: number;
  profileId: number;
  profileName: string;
  subject: string;
  status: RunStatus;
  resolved: number;
  note: string;
  createdAt: string;
  finishedAt: string | null;
  totals: Totals;
}

export interface Point {
  at: string;
  sent: number;
  failed: number;
}

export interface RunDetail extends RunSummary {
  bucketSeconds: number;
  series: Point[];
}

export interface DeliveryRow {
  id: number;
  runId: number;
  status: DeliveryStatus;
  kind: string;
  recipientId: number;
  name: string;
  email: string;
  reason: string;
  attempts: number;
  nextAt: string | null;
  messageIdHeader: string;
  sentAt: string | null;
  updatedAt: string;
}

export interface RecipientPage {
  rows: DeliveryRow[];
  total: number;
  page: number;
  pageSize: number;
}

const D = 'Deliveries';

/** What sending a sent message again would do (Deliveries.SendAgainPreview). */
export interface AgainPreview {
  /** Earlier runs of the message. */
  runs: number;
  /** Addresses an earlier run delivered it to. */
  alreadySent: number;
  /** Addresses an earlier run left unknown (in flight during a crash); not sent to again by default. */
  uncertain: number;
  /** Recipients the message resolves to now. */
  total: number;
  /** How many "everyone again" would send to. */
  everyone: number;
  /** How many "only those who did not get it" would send to. */
  wouldSend: number;
}

export const Deliveries = {
  send: (messageId: number) => call<number>(D, 'Send', messageId),
  sendAgainPreview: (messageId: number) => call<AgainPreview>(D, 'SendAgainPreview', messageId),
  sendAgain: (messageId: number, onlyMissing: boolean) => call<number>(D, 'SendAgain', messageId, onlyMissing),
  runs: (messageId = 0) => call<RunSummary[]>(D, 'Runs', messageId),
  run: (runId: number) => call<RunDetail>(D, 'Run', runId),
  progress: (runId: number) => call<Progress>(D, 'Progress', runId),
  recipients: (runId: number, status: string, search: string, page: number, pageSize: number) =>
    call<RecipientPage>(D, 'Recipients', runId, status, search, page, pageSize),
  exportCsv: (runId: number, status: string, search: string) => call<string>(D, 'ExportCSV', runId, status, search),
  pause: (runId: number) => call<null>(D, 'Pause', runId),
  resume: (runId: number) => call<null>(D, 'Resume', runId),
  cancel: (runId: number) => call<null>(D, 'Cancel', runId),
  retryFailed: (runId: number) => call<number>(D, 'RetryFailed', runId),
  resolveUnknown: (runId: number, ids: number[], action: 'sent' | 'requeue') => call<number>(D, 'ResolveUnknown', runId, ids, action),
};

export type SuppressionReason = 'unsubscribed' | 'bounced' | 'complained' | 'manual';
export const suppressionReasons: SuppressionReason[] = ['unsubscribed', 'bounced', 'complained', 'manual'];

export interface Suppression {
  email: string;
  reason: SuppressionReason;
  at: string;
  note: string;
}

export interface SuppressionPage {
  items: Suppression[];
  total: number;
  page: number;
  pageSize: number;
  counts: Partial<Record<SuppressionReason, number>>;
}

export interface ImportResult {
  added: number;
  updated: number;
  problems: string[];
}

const SU = 'Suppressions';

export const Suppressions = {
  list: (reason: string, search: string, page: number, pageSize: number) => call<SuppressionPage>(SU, 'List', reason, search, page, pageSize),
  add: (email: string, reason: string, note: string) => call<Suppression>(SU, 'Add', email, reason, note),
  remove: (emails: string[]) => call<number>(SU, 'Remove', emails),
  importCsv: (csv: string, defaultReason: string) => call<ImportResult>(SU, 'ImportCSV', csv, defaultReason),
  exportCsv: () => call<string>(SU, 'ExportCSV'),
};

/** Offers text as a file download (CSV exports). */
export function download(name: string, text: string, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
