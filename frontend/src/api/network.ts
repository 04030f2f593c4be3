// Typed wrappers for the Network service (backend/api/network.go). Field names mirror the
// Go JSON; money is integer cents, times are RFC3339 UTC strings.
import type * as G from './generated';
import { PartnerStatusValues, VisibilityValues } from './generated';
import { invoke } from './transport';

export type {
  AdvertiserRow,
  Facets,
  Manager,
  OfferRow,
  PartnerApproval,
  PartnerDetail,
  PartnerRow,
  PartnerStatus,
  Visibility,
} from './generated';
export type Summary = G.NetworkSummary;
export type Totals = G.NetworkTotals;
export type DemoRows = G.DemoRows;
/** One day of a partner's performance (zero-filled). */
export type DailyPoint = G.DayTotals;

/** One page of a list: the rows and how many match in all. */
export interface Page<T> {
  items: T[];
  total: number;
}

export const PARTNER_STATUSES: G.PartnerStatus[] = [...PartnerStatusValues];
export const VISIBILITIES: G.Visibility[] = [...VisibilityValues];

/** A list query: filters and sort may be left out (any); page is from 1, pageSize 1..500. */
type Query<Q extends G.Paging> = Partial<Q> & Pick<Q, 'page' | 'pageSize'>;
export type PartnerQuery = Query<G.PartnerQuery>;
export type AdvertiserQuery = Query<G.AdvertiserQuery>;
export type OfferQuery = Query<G.OfferQuery>;

const S = 'Network';

export const Network = {
  summary: () => invoke(S, 'Summary'),
  facets: () => invoke(S, 'Facets'),
  listPartners: (q: PartnerQuery) => invoke(S, 'ListPartners', q),
  listAdvertisers: (q: AdvertiserQuery) => invoke(S, 'ListAdvertisers', q),
  listOffers: (q: OfferQuery) => invoke(S, 'ListOffers', q),
  getPartner: (id: number) => invoke(S, 'GetPartner', id),
  clearDemo: () => invoke(S, 'ClearDemo'),
};
