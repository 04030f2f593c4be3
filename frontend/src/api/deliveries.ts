// Typed wrappers for the Deliveries and Suppressions services (backend/api/deliveries.go,
// suppressions.go): send runs, their per-recipient log, and the suppression list.
import type * as G from './generated';
import { DeliveryStatusValues, SuppressionReasonValues } from './generated';
import { invoke } from './transport';

export type { DeliveryStatus, Point, RunDetail, RunStatus, RunSummary, Suppression, SuppressionPage, SuppressionReason } from './generated';
export const deliveryStatuses: G.DeliveryStatus[] = [...DeliveryStatusValues];

/** A run's recipients by delivery status. */
export type Totals = G.DeliveryTotals;
/** The payload of the delivery progress event: the run's totals and its pace. */
export type Progress = G.DeliveryProgress;
export type DeliveryRow = G.Delivery;
export type RecipientPage = G.RecipientPage;

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
  send: (messageId: number) => invoke(D, 'Send', messageId),
  sendAgainPreview: (messageId: number) => invoke(D, 'SendAgainPreview', messageId),
  sendAgain: (messageId: number, onlyMissing: boolean) => invoke(D, 'SendAgain', messageId, onlyMissing),
  runs: (messageId = 0) => invoke(D, 'Runs', messageId),
  run: (runId: number) => invoke(D, 'Run', runId),
  progress: (runId: number) => invoke(D, 'Progress', runId),
  recipients: (runId: number, status: string, search: string, page: number, pageSize: number) =>
    invoke(D, 'Recipients', runId, status, search, page, pageSize),
  exportCsv: (runId: number, status: string, search: string) => invoke(D, 'ExportCSV', runId, status, search),
  pause: (runId: number) => invoke(D, 'Pause', runId),
  resume: (runId: number) => invoke(D, 'Resume', runId),
  cancel: (runId: number) => invoke(D, 'Cancel', runId),
  retryFailed: (runId: number) => invoke(D, 'RetryFailed', runId),
  resolveUnknown: (runId: number, ids: number[], action: 'sent' | 'requeue') => invoke(D, 'ResolveUnknown', runId, ids, action),
};

export const suppressionReasons: G.SuppressionReason[] = [...SuppressionReasonValues];
export type ImportResult = G.DeliveryImportResult;

const SU = 'Suppressions';

export const Suppressions = {
  list: (reason: string, search: string, page: number, pageSize: number) => invoke(SU, 'List', reason, search, page, pageSize),
  add: (email: string, reason: string, note: string) => invoke(SU, 'Add', email, reason, note),
  remove: (emails: string[]) => invoke(SU, 'Remove', emails),
  importCsv: (csv: string, defaultReason: string) => invoke(SU, 'ImportCSV', csv, defaultReason),
  exportCsv: () => invoke(SU, 'ExportCSV'),
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
