import { describe, expect, it } from 'vitest';
import type { TemplateSummary } from '../../api/templates';
import { audienceOf, categoriesOf, filterTemplates, noFilter, usesLabel } from './filter';

const t = (over: Partial<TemplateSummary>): TemplateSummary => ({
  id: 1,
  name: 'Template',
  category: 'Offers',
  kind: 'general',
  recipientKind: 'partners',
  description: '',
  builtIn: true,
  uses: 0,
  lastUsedAt: null,
  subject: '',
  audienceName: '',
  updatedAt: '2026-11-28T09:00:00Z',
  ...over,
});

const list = [
  t({ id: 1, name: 'Partner re-engagement', category: 'Re-engagement', audienceName: 'Dormant 30 days' }),
  t({ id: 2, name: 'New offer launch', kind: 'offer_details' }),
  t({ id: 3, name: 'Advertiser budget or cap reminder', category: 'Advertisers', recipientKind: 'advertisers' }),
  t({ id: 4, name: 'Internal team brief', category: 'Team', recipientKind: 'employees' }),
  t({ id: 5, name: 'Réunion mensuelle', category: 'Mes modèles', builtIn: false, subject: 'Le point du mois' }),
];

describe('template gallery filter', () => {
  it('tells the four kinds apart', () => {
    expect(list.map(audienceOf)).toEqual(['general', 'offer_details', 'advertisers', 'team', 'general']);
  });

  it('matches every word anywhere, ignoring case, accents and punctuation, keeping the order', () => {
    expect(filterTemplates(list, { ...noFilter, query: 'REENGAGEMENT' }).map((x) => x.id)).toEqual([1]);
    expect(filterTemplates(list, { ...noFilter, query: 're engagement' }).map((x) => x.id)).toEqual([1]);
    expect(filterTemplates(list, { ...noFilter, query: 'dormant' }).map((x) => x.id)).toEqual([1]);
    expect(filterTemplates(list, { ...noFilter, query: 'reunion mois' }).map((x) => x.id)).toEqual([5]);
    expect(filterTemplates(list, { ...noFilter, query: '  ' }).map((x) => x.id)).toEqual([1, 2, 3, 4, 5]);
    expect(filterTemplates(list, { ...noFilter, query: 'nothing like this' })).toEqual([]);
  });

  it('combines category, kind and "mine only"', () => {
    expect(filterTemplates(list, { ...noFilter, category: 'Offers' }).map((x) => x.id)).toEqual([2]);
    expect(filterTemplates(list, { ...noFilter, audience: 'team' }).map((x) => x.id)).toEqual([4]);
    expect(filterTemplates(list, { ...noFilter, audience: 'general', mine: true }).map((x) => x.id)).toEqual([5]);
    expect(filterTemplates(list, { ...noFilter, category: 'Offers', audience: 'advertisers' })).toEqual([]);
  });

  it('lists categories in library order, the user’s own after', () => {
    expect(categoriesOf(list)).toEqual(['Re-engagement', 'Offers', 'Advertisers', 'Team', 'Mes modèles']);
  });

  it('says how often a template was used', () => {
    expect([0, 1, 4].map(usesLabel)).toEqual(['Not used recently', 'Used once in 100 days', 'Used 4 times in 100 days']);
  });
});
