import type { Facets } from '../../api/network';
import { humanize } from '../../lib/format';

export interface Option {
  value: string;
  label: string;
}

export const fromValues = (values: readonly string[] | null | undefined): Option[] =>
  (values ?? []).map((v) => ({ value: v, label: humanize(v) }));

export const plain = (values: readonly string[] | null | undefined): Option[] =>
  (values ?? []).map((v) => ({ value: v, label: v }));

let regionNames: Intl.DisplayNames | undefined;
export function countryName(code: string): string {
  if (!code) return '';
  try {
    regionNames ??= new Intl.DisplayNames(undefined, { type: 'region' });
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

export const countries = (f: Facets | undefined): Option[] =>
  (f?.countries ?? []).map((c) => ({ value: c, label: `${c} — ${countryName(c)}` }));

export const managers = (f: Facets | undefined): Option[] =>
  (f?.managers ?? []).map((m) => ({ value: String(m.id), label: m.name }));
