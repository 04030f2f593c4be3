// Typed wrappers for the Network service (backend/api/network.go). Field names mirror the
// Go JSON; money is integer cents, times are RFC3339 UTC strings.
import { call } from './transport';

export interface Summary {
  partners: number;
  advertisers: number;
  offers: number;
  approvals: number;
  employees: number;
  statDays: number;
  /** True while any row of the demo network remains. */
  demo: boolean;
  /** Demo rows left per table; the counts above include them. */
  demoRows: DemoRows;
  /** True once any row is the user's own (imported or synced). */
  ownData: boolean;
  /** The next import or sync first asks whether to clear the demo. */
  demoChoicePending: boolean;
}

export interface DemoRows {
  employees: number;
  advertisers: number;
  offers: number;
  partners: number;
  approvals: number;
  stats: number;
}

export interface Manager {
  id: number;
  name: string;
  email: string;
}

export interface Facets {
  tags: string[];
  countries: string[];
  managers: Manager[];
  categories: string[];
  offerStatuses: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type PartnerStatus = 'active' | 'pending' | 'inactive' | 'suspended';
export const PARTNER_STATUSES: PartnerStatus[] = ['active', 'pending', 'inactive', 'suspended'];

export type Visibility = 'public' | 'require_approval' | 'private';
export const VISIBILITIES: Visibility[] = ['public', 'require_approval', 'private'];

export interface PartnerQuery {
  search?: string;
  status?: string;
  tag?: string;
  /** Employee id of the account manager; 0 = any. */
  manager?: number;
  country?: string;
  sort?: string;
  /** From 1. */
  page: number;
  /** 1..500. */
  pageSize: number;
}

export interface PartnerRow {
  id: number;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  company: string;
  status: string;
  tags: string[] | null;
  country: string;
  accountManagerId: number | null;
  accountManagerName: string;
  createdAt: string;
  lastLoginAt: string | null;
  notificationPref: string;
  unsubscribed: boolean;
}

export interface AdvertiserQuery {
  search?: string;
  status?: string;
  tag?: string;
  manager?: number;
  sort?: string;
  page: number;
  pageSize: number;
}

export interface AdvertiserRow {
  id: number;
  name: string;
  contactName: string;
  contactEmail: string;
  status: string;
  tags: string[] | null;
  accountManagerId: number | null;
  accountManagerName: string;
  /** Number of offers. */
  offers: number;
}

export interface OfferQuery {
  search?: string;
  status?: string;
  visibility?: string;
  category?: string;
  /** Advertiser id; 0 = any. */
  advertiser?: number;
  sort?: string;
  page: number;
  pageSize: number;
}

export interface OfferRow {
  id: number;
  name: string;
  status: string;
  visibility: string;
  payoutCents: number;
  revenueCents: number;
  currency: string;
  previewUrl: string;
  category: string;
  advertiserId: number | null;
  advertiserName: string;
  /** Number of partners approved for it. */
  approvedPartners: number;
}

export interface PartnerApproval {
  offerId: number;
  offerName: string;
  visibility: string;
  status: string;
}

export interface DailyPoint {
  date: string;
  clicks: number;
  conversions: number;
  revenueCents: number;
  payoutCents: number;
}

export interface Totals {
  clicks: number;
  conversions: number;
  revenueCents: number;
  payoutCents: number;
}

export interface PartnerDetail {
  partner: PartnerRow;
  approvals: PartnerApproval[] | null;
  /** Last 90 days, zero-filled, oldest first. */
  daily: DailyPoint[] | null;
  totals: Totals;
}

const S = 'Network';

export const Network = {
  summary: () => call<Summary>(S, 'Summary'),
  facets: () => call<Facets>(S, 'Facets'),
  listPartners: (q: PartnerQuery) => call<Page<PartnerRow>>(S, 'ListPartners', q),
  listAdvertisers: (q: AdvertiserQuery) => call<Page<AdvertiserRow>>(S, 'ListAdvertisers', q),
  listOffers: (q: OfferQuery) => call<Page<OfferRow>>(S, 'ListOffers', q),
  getPartner: (id: number) => call<PartnerDetail>(S, 'GetPartner', id),
  clearDemo: () => call<null>(S, 'ClearDemo'),
};
