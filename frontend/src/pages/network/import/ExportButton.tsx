import { useState } from 'react';
import { Button } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { Imports, type ExportFilters, type ImportKind } from '../../../api/imports';
import { notifyError, notifySuccess } from '../../../app/notify';

/** Saves a CSV of the table's rows matching its current filters. */
export function ExportButton({ table, filters }: { table: ImportKind; filters: ExportFilters }) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const f = await Imports.export(table, filters);
      const url = URL.createObjectURL(new Blob([f.content], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = f.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      notifySuccess('Export ready', `${f.rows.toLocaleString()} rows saved as ${f.fileName}.`);
    } catch (e) {
      notifyError('Export', e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => void run()} loading={busy} data-testid={`export-${table}`}>
      Export CSV
    </Button>
  );
}

/** Turns a table's filter state (strings) into export filters (IDs as numbers). */
export function exportFilters(search: string, filters: Record<string, string>): ExportFilters {
  const out: Record<string, string | number> = { search };
  for (const [k, v] of Object.entries(filters)) {
    if (!v) continue;
    out[k] = k === 'manager' || k === 'advertiser' ? Number(v) : v;
  }
  return out as ExportFilters;
}
