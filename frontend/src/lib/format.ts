// Display formatting. Money arrives as integer cents and is only turned into a decimal here,
// for display; nothing computed from these strings goes back to the backend.

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: number, currency = 'USD'): string {
  const cur = (currency || 'USD').toUpperCase();
  let f = moneyFormats.get(cur);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, { style: 'currency', currency: cur });
    } catch {
      // an unknown code still shows the amount with its code
      f = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      const plain = f;
      f = { format: (n: number) => `${plain.format(n)} ${cur}` } as Intl.NumberFormat;
    }
    moneyFormats.set(cur, f);
  }
  return f.format(cents / 100);
}

const intFormat = new Intl.NumberFormat();
export const formatInt = (n: number) => intFormat.format(n);

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** Formats an RFC3339 time as a date in the user's zone; empty or zero times show a dash. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso || iso.startsWith('0001-01-01')) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dateFormat.format(d);
}

/** "require_approval" -> "Require approval". */
export function humanize(s: string): string {
  if (!s) return '—';
  const t = s.replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
