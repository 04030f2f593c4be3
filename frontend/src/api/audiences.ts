// Typed wrappers for the Audiences service (backend/api/audiences.go). The rules' JSON is
// documented in docs/audiences.md; money values in performance rules are integer cents.
import { call } from './transport';

export type AudienceKind = 'partners' | 'advertisers';

export type RuleField =
  | 'status'
  | 'tags'
  | 'account_manager'
  | 'country'
  | 'created'
  | 'last_login'
  | 'performance'
  | 'running_offer'
  | 'approved_offer'
  | 'dormant'
  | 'notification'
  | 'list';

export type PeriodKind = 'last_7_days' | 'last_30_days' | 'last_days' | 'last_month' | 'this_month' | 'custom';

export interface Period {
  kind: PeriodKind;
  days?: number;
  from?: string;
  to?: string;
}

export type Metric = 'clicks' | 'conversions' | 'revenue' | 'payout' | 'profit';
export type Operator = 'gt' | 'gte' | 'lt' | 'lte' | 'between';

export interface Rule {
  field: RuleField;
  exclude?: boolean;
  values?: string[];
  ids?: number[];
  match?: string;
  period?: Period;
  metric?: Metric;
  op?: Operator;
  value?: number;
  value2?: number;
}

export interface Group {
  rules: Rule[];
}

export interface Rules {
  kind: AudienceKind;
  groups: Group[];
}

export interface SampleItem {
  id: number;
  name: string;
  email: string;
  status: string;
  /** The value behind the first performance rule (cents for money), null without one. */
  metric: number | null;
}

export interface SampleResult {
  items: SampleItem[];
  total: number;
  /** Which metric `items[].metric` holds; "" when none. */
  metric: Metric | '';
}

export interface Saved {
  id: number;
  name: string;
  description: string;
  rules: Rules;
  uses?: number;
  lastUsedAt?: string | null;
  lastCount?: number;
}

export interface Summary {
  id: number;
  name: string;
  description: string;
  kind: AudienceKind;
  size: number;
  /** Why the size could not be computed (e.g. a deleted offer); "" when fine. */
  sizeError: string;
  uses: number;
  lastUsedAt: string | null;
  lastCount: number;
}

export interface Starter {
  key: string;
  name: string;
  description: string;
  rules: Rules;
}

export interface ImportResult {
  created: number;
  updated: number;
  errors: string[];
}

const S = 'Audiences';

export const Audiences = {
  count: (rules: Rules) => call<{ count: number }>(S, 'Count', rules),
  sample: (rules: Rules, search: string, limit: number) => call<SampleResult>(S, 'Sample', rules, search, limit),
  save: (a: Saved) => call<number>(S, 'Save', a),
  get: (id: number) => call<Saved>(S, 'Get', id),
  list: () => call<Summary[]>(S, 'List'),
  remove: (id: number) => call<null>(S, 'Delete', id),
  starters: () => call<Starter[]>(S, 'Starters'),
  exportAll: (ids: number[]) => call<string>(S, 'Export', ids),
  importText: (text: string) => call<ImportResult>(S, 'Import', text),
};
