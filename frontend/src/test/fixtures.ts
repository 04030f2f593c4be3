import type { Facets, PartnerRow } from '../api/network';

export const facets: Facets = {
  tags: ['vip', 'email', 'coupon'],
  countries: ['DE', 'US'],
  managers: [{ id: 3, name: 'Ana Gómez', email: 'ana@example.com' }],
  categories: ['Finance'],
  offerStatuses: ['active', 'paused'],
};

export function partner(id: number, over: Partial<PartnerRow> = {}): PartnerRow {
  return {
    id,
    name: `Partner ${id}`,
    firstName: 'Jo',
    lastName: 'Doe',
    email: `p${id}@example.com`,
    company: '',
    status: 'active',
    tags: ['vip'],
    country: 'DE',
    accountManagerId: 3,
    accountManagerName: 'Ana Gómez',
    createdAt: '2026-01-02T10:00:00Z',
    lastLoginAt: null,
    notificationPref: 'all',
    unsubscribed: false,
    ...over,
  };
}
