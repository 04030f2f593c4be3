// Typed wrappers for the Audiences service (backend/api/audiences.go). The rules' JSON is
// documented in docs/audiences.md; money values in performance rules are integer cents.
import type * as G from './generated';
import type { Rules } from './generated';
import { invoke } from './transport';

export type { AudienceKind, Group, Metric, Operator, Period, PeriodKind, Rule, RuleField, Rules, SampleItem, SampleResult, Starter } from './generated';

/** A saved audience; a new one has no usage or timestamps yet. */
export type Saved = Omit<G.Saved, 'uses' | 'lastUsedAt' | 'lastCount' | 'createdAt' | 'updatedAt'> &
  Partial<Pick<G.Saved, 'uses' | 'lastUsedAt' | 'lastCount' | 'createdAt' | 'updatedAt'>>;
export type Summary = G.AudienceSummary;
export type ImportResult = G.AudienceImportResult;

const S = 'Audiences';

export const Audiences = {
  count: (rules: Rules) => invoke(S, 'Count', rules),
  sample: (rules: Rules, search: string, limit: number) => invoke(S, 'Sample', rules, search, limit),
  save: (a: Saved) => invoke(S, 'Save', a),
  get: (id: number) => invoke(S, 'Get', id),
  list: () => invoke(S, 'List'),
  remove: (id: number) => invoke(S, 'Delete', id),
  starters: () => invoke(S, 'Starters'),
  exportAll: (ids: number[]) => invoke(S, 'Export', ids),
  importText: (text: string) => invoke(S, 'Import', text),
};
