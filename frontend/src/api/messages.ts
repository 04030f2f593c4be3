// Typed wrappers for the Messages service (backend/api/messages.go); types mirror the Go JSON.
import { call } from './transport';

export type MessageKind = 'general' | 'offer_details';
export type RecipientKind = 'partners' | 'advertisers' | 'employees';
export type Theme = 'blank' | 'logo' | 'branded';

export interface RecipientSpec {
  audienceId: number | null;
  ids: number[] | null;
  emails: string[] | null;
  excludeIds: number[] | null;
  excludeEmails: string[] | null;
}

export interface TrackingParams {
  sub1: string;
  sub2: string;
  sub3: string;
  sub4: string;
  sub5: string;
  sourceId: string;
  creativeId: string;
  url: string;
}

export interface Message {
  id: number;
  name: string;
  kind: MessageKind;
  recipientKind: RecipientKind;
  subject: string;
  fromName: string;
  fromEmail: string;
  replyTo: string;
  smtpProfileId: number | null;
  theme: Theme;
  body: string;
  offers: number[] | null;
  recipients: RecipientSpec;
  tracking: TrackingParams;
  status: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface MessageSummary {
  id: number;
  name: string;
  subject: string;
  kind: MessageKind;
  recipientKind: RecipientKind;
  status: string;
  offers: number;
  updatedAt: string;
}

export interface Problem {
  field: string;
  severity: 'error' | 'info';
  message: string;
  macro?: string;
  offset: number;
  line: number;
  column: number;
  length: number;
}

export interface MacroDef {
  name: string;
  description: string;
  example: string;
  contexts: string[];
  scopes: string[];
  offer: boolean;
  url: boolean;
}

export type DecisionStatus = 'ok' | 'blocked' | 'skipped';

export interface Preview {
  kind: string;
  id: number;
  name: string;
  email: string;
  subject: string;
  html: string;
  text: string;
  status: DecisionStatus;
  reason: string;
  blockedOffers: number[] | null;
}

export interface OfferRef {
  id: number;
  name: string;
}

export interface Excluded {
  kind: string;
  id: number;
  name: string;
  email: string;
  reason: string;
  offers?: OfferRef[] | null;
}

export interface Eligibility {
  total: number;
  recipients: number;
  blocked: Excluded[];
  skipped: Excluded[];
  blockedBy: (OfferRef & { count: number })[];
  blockedCount: number;
  skippedCount: number;
  truncated: boolean;
}

export interface Decision {
  kind: string;
  id: number;
  name: string;
  email: string;
  status: DecisionStatus;
  reason: string;
  blockedOffers: number[] | null;
}

export interface RecipientPage {
  total: number;
  items: Decision[];
}

export interface TestSent {
  to: string;
  subject: string;
  messageId: string;
  status: DecisionStatus;
  reason: string;
}

/** When a message is sent: once at a local wall time, or on a cron recurrence (docs/scheduling.md). */
export interface ScheduleSpec {
  at?: string;
  cron?: string;
  /** IANA zone; empty means the zone in Settings. */
  timeZone: string;
  /** Last day a recurrence may fire, YYYY-MM-DD, inclusive. */
  until?: string;
  /** Occurrences in all; 0 means no limit. */
  count?: number;
}

export interface Scheduled {
  messageId: number;
  status: string;
  /** Next five fire times, RFC 3339 UTC. */
  next: string[];
}

export interface ScheduledEntry {
  messageId: number;
  name: string;
  subject: string;
  schedule: ScheduleSpec;
  next: string[];
  /** Fire times missed while CommHub was closed, waiting for send now or skip. */
  missed: string[];
  audienceSize: number;
}

export interface ActivityLine {
  at: string;
  event: string;
  detail: string;
}

const S = 'Messages';

export const Messages = {
  newDraft: (kind: MessageKind) => call<Message>(S, 'NewDraft', kind),
  save: (m: Message) => call<number>(S, 'Save', m),
  get: (id: number) => call<Message>(S, 'Get', id),
  list: () => call<MessageSummary[]>(S, 'List'),
  remove: (id: number) => call<null>(S, 'Delete', id),
  duplicate: (id: number) => call<number>(S, 'Duplicate', id),
  validate: (m: Message) => call<Problem[]>(S, 'Validate', m),
  macros: () => call<MacroDef[]>(S, 'Macros'),
  preview: (messageId: number, recipientId: number) => call<Preview>(S, 'Preview', messageId, recipientId),
  eligibility: (messageId: number) => call<Eligibility>(S, 'Eligibility', messageId),
  recipients: (messageId: number, query: string, offset: number, limit: number) =>
    call<RecipientPage>(S, 'Recipients', messageId, query, offset, limit),
  testSend: (messageId: number, recipientId: number, to: string) => call<TestSent>(S, 'TestSend', messageId, recipientId, to),
  schedule: (messageId: number, spec: ScheduleSpec) => call<Scheduled>(S, 'Schedule', messageId, spec),
  previewSchedule: (spec: ScheduleSpec) => call<string[]>(S, 'PreviewSchedule', spec),
  unschedule: (messageId: number) => call<null>(S, 'Unschedule', messageId),
  scheduled: () => call<ScheduledEntry[]>(S, 'Scheduled'),
  resolveMissed: (messageId: number, fireAt: string, action: 'send' | 'skip') =>
    call<number>(S, 'ResolveMissed', messageId, fireAt, action),
  activity: (messageId: number) => call<ActivityLine[]>(S, 'Activity', messageId),
};
