// Typed wrappers for the Settings service (backend/api/settings.go).
import { call } from './transport';

export interface AppSettings {
  networkName: string;
  trackingDomain: string;
  trackingTemplate: string;
  timeZone: string;
  logoUrl: string;
  brandColor: string;
  accentColor: string;
  backgroundColor: string;
  defaultFromName: string;
  defaultFromEmail: string;
  defaultReplyTo: string;
  unsubscribeBaseUrl: string;
  footerText: string;
  /** A scheduled send missed while CommHub was closed is sent late up to this many minutes. */
  missedRunGraceMinutes: number;
}

const S = 'Settings';

export const Settings = {
  get: () => call<AppSettings>(S, 'Get'),
  save: (s: AppSettings) => call<AppSettings>(S, 'Save', s),
};
