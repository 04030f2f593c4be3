// Typed wrappers for the Imports and Sync services (backend/api/imports.go, sync.go).
// Field names mirror the Go JSON.
import { call } from './transport';

export type ImportKind = 'partners' | 'advertisers' | 'offers' | 'approvals' | 'daily_stats';

export const IMPORT_KINDS: { value: ImportKind; label: string }[] = [
  { value: 'partners', label: 'Partners' },
  { value: 'advertisers', label: 'Advertisers' },
  { value: 'offers', label: 'Offers' },
  { value: 'approvals', label: 'Approvals' },
  { value: 'daily_stats', label: 'Daily stats' },
];

/** The file to read: an upload (base64 content) or a path on this computer. */
export interface ImportFile {
  fileName: string;
  contentBase64?: string;
  path?: string;
}

/** Field key -> column header; "" ignores the field. */
export type Mapping = Record<string, string>;

export interface ImportField {
  key: string;
  label: string;
  required: boolean;
  isKey: boolean;
}

export interface Detection {
  kind: ImportKind;
  fileName: string;
  columns: string[];
  mapping: Mapping;
  fields: ImportField[];
  unmapped: string[];
  missing: string[];
  preview: string[][];
  previewLines: number[];
}

export interface RowError {
  line: number;
  column: string;
  message: string;
}

/** Which import, and what it did to the rows so far (in a dry run: would do). */
export interface ImportCounts {
  kind: ImportKind;
  fileName: string;
  dryRun: boolean;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

/** A team member an import added for an account manager named in the file (id 0 in a dry run). */
export interface CreatedEmployee {
  id: number;
  name: string;
  line: number;
}

export interface ImportResult extends ImportCounts {
  errors: RowError[];
  errorCount: number;
  createdEmployees: CreatedEmployee[];
  resumedFromLine?: number;
}

/** What to do with the demo network before an import or sync: '' asks (the server refuses while it is the only data). */
export type DemoChoice = '' | 'clear' | 'keep';

/** Payload of the "imports:progress" event. */
export interface ImportProgress extends ImportCounts {
  /** Rejected cells so far. */
  errors: number;
  bytesRead: number;
  totalBytes: number;
  done: boolean;
}

export const IMPORT_PROGRESS = 'imports:progress';

/** Filters of an export: the Network tables' own filter fields. */
export type ExportFilters = Partial<{
  search: string;
  status: string;
  tag: string;
  manager: number;
  country: string;
  visibility: string;
  category: string;
  advertiser: number;
  partner: number;
  offer: number;
  from: string;
  to: string;
}>;

export interface ExportFile {
  fileName: string;
  content: string;
  rows: number;
}

export const Imports = {
  detect: (kind: ImportKind, file: ImportFile) => call<Detection>('Imports', 'Detect', kind, file),
  run: (kind: ImportKind, file: ImportFile, mapping: Mapping, dryRun: boolean, demo: DemoChoice = '') =>
    call<ImportResult>('Imports', 'Run', kind, file, mapping, dryRun, demo),
  export: (table: ImportKind, filters: ExportFilters) => call<ExportFile>('Imports', 'Export', table, filters),
};

/** Reads a browser File as base64 (without the data: prefix). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onerror = () => reject(r.error ?? new Error('cannot read the file'));
    r.onload = () => {
      const url = String(r.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    r.readAsDataURL(file);
  });
}

export interface SyncProgress {
  platform: string;
  phase: string;
  step: number;
  steps: number;
  rows: number;
  note?: string;
  done: boolean;
}

export const SYNC_PROGRESS = 'sync:progress';

export interface SyncReport {
  platform: string;
  from: string;
  to: string;
  startedAt: string;
  finishedAt: string;
  employees: number;
  advertisers: number;
  partners: number;
  offers: number;
  approvals: number;
  stats: number;
  links: number;
  /** Partners and offers whose encoded ID the platform gave. */
  encoded?: number;
  /** Per phase, what the rows read lacked and why. */
  missing?: { phase: string; text: string }[];
  warnings: string[];
  error?: string;
}

export interface SyncStatus {
  configured: boolean;
  trackingDomain: string;
  apiBase: string;
  keyStorage: string;
  warning: string;
  running: boolean;
  progress: SyncProgress | null;
  lastReport: SyncReport | null;
  syncedAt: Record<string, string>;
}

export const Sync = {
  configure: (apiKey: string, trackingDomain: string, apiBase: string) =>
    call<SyncStatus>('Sync', 'Configure', apiKey, trackingDomain, apiBase),
  run: (from: string, to: string, demo: DemoChoice = '') => call<SyncReport>('Sync', 'Run', from, to, demo),
  status: () => call<SyncStatus>('Sync', 'Status'),
};
