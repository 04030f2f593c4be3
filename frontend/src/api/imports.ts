// Typed wrappers for the Imports and Sync services (backend/api/imports.go, sync.go).
// Field names mirror the Go JSON.
import type * as G from './generated';
import type { ImportKind } from './generated';
import { invoke } from './transport';

export type { Detection, ExportFile, ImportKind, RowError, SyncStatus } from './generated';

export const IMPORT_KINDS: { value: ImportKind; label: string }[] = [
  { value: 'partners', label: 'Partners' },
  { value: 'advertisers', label: 'Advertisers' },
  { value: 'offers', label: 'Offers' },
  { value: 'approvals', label: 'Approvals' },
  { value: 'daily_stats', label: 'Daily stats' },
];

/** The file to read: an upload (base64 content) or a path on this computer. */
export type ImportFile = Partial<G.ImportFile> & Pick<G.ImportFile, 'fileName'>;

/** Field key -> column header; "" ignores the field. */
export type Mapping = Record<string, string>;
export type ImportField = G.Field;
/** What an import did to the rows (in a dry run: would do). */
export type ImportResult = G.Result;
/** Payload of the import progress event; `errors` counts the rejected cells so far. */
export type ImportProgress = G.ProgressEvent;
/** A team member an import added for an account manager named in the file (id 0 in a dry run). */
export type CreatedEmployee = G.CreatedEmployee;
/** What to do with the demo network before an import or sync: '' asks (the server refuses while it is the only data). */
export type DemoChoice = '' | 'clear' | 'keep';
/** Filters of an export: the Network tables' own filter fields. */
export type ExportFilters = Partial<G.Filters>;

export const Imports = {
  detect: (kind: ImportKind, file: ImportFile) => invoke('Imports', 'Detect', kind, file),
  run: (kind: ImportKind, file: ImportFile, mapping: Mapping, dryRun: boolean, demo: DemoChoice = '') =>
    invoke('Imports', 'Run', kind, file, mapping, dryRun, demo),
  export: (table: ImportKind, filters: ExportFilters) => invoke('Imports', 'Export', table, filters),
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

export type SyncProgress = G.PlatformProgress;
export type SyncReport = G.Report;

export const Sync = {
  configure: (apiKey: string, trackingDomain: string, apiBase: string) =>
    invoke('Sync', 'Configure', apiKey, trackingDomain, apiBase),
  run: (from: string, to: string, demo: DemoChoice = '') => invoke('Sync', 'Run', from, to, demo),
  status: () => invoke('Sync', 'Status'),
};
