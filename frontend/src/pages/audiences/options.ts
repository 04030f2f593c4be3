import type { AudienceKind, Metric, Operator, PeriodKind, Rule, RuleField } from '../../api/audiences';

export const FIELD_LABELS: Record<RuleField, string> = {
  status: 'Status',
  tags: 'Tags',
  account_manager: 'Account manager',
  country: 'Country',
  created: 'Created',
  last_login: 'Last login',
  performance: 'Performance',
  running_offer: 'Running offer',
  approved_offer: 'Approved for offer',
  dormant: 'Dormant (no activity)',
  notification: 'Notification preference',
  list: 'Explicit list',
};

/** Which rule fields each audience kind offers (the backend refuses the others). */
export const FIELDS_BY_KIND: Record<AudienceKind, RuleField[]> = {
  partners: [
    'status',
    'tags',
    'account_manager',
    'country',
    'created',
    'last_login',
    'performance',
    'running_offer',
    'approved_offer',
    'dormant',
    'notification',
    'list',
  ],
  advertisers: ['status', 'tags', 'account_manager', 'created', 'performance', 'dormant', 'list'],
};

export const PERIOD_LABELS: Record<PeriodKind, string> = {
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  last_days: 'Last N days',
  last_month: 'Last month',
  this_month: 'This month',
  custom: 'Custom range',
};

export const METRIC_LABELS: Record<Metric, string> = {
  clicks: 'Clicks',
  conversions: 'Conversions',
  revenue: 'Revenue',
  payout: 'Payout',
  profit: 'Profit',
};

export const MONEY_METRICS: Metric[] = ['revenue', 'payout', 'profit'];

export const OP_LABELS: Record<Operator, string> = {
  gt: 'more than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
  between: 'between',
};

export const NOTIFICATION_PREFS = ['all', 'important', 'none'];

/** A new rule of the given field with sensible defaults, so it is valid once values are picked. */
export function newRule(field: RuleField): Rule {
  switch (field) {
    case 'status':
      return { field, values: ['active'] };
    case 'tags':
      return { field, match: 'any', values: [] };
    case 'created':
      return { field, period: { kind: 'this_month' } };
    case 'last_login':
    case 'dormant':
      return { field, period: { kind: 'last_30_days' } };
    case 'performance':
      return { field, metric: 'revenue', op: 'gt', value: 0, period: { kind: 'last_month' } };
    case 'running_offer':
      return { field, match: 'any', ids: [], period: { kind: 'last_30_days' } };
    case 'approved_offer':
      return { field, match: 'all', ids: [] };
    case 'notification':
      return { field, values: ['all'] };
    default:
      return { field, values: [], ids: [] };
  }
}
