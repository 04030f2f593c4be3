// Typed wrappers for the Settings service (backend/api/settings.go).
import type * as G from './generated';
import { invoke } from './transport';

export type AppSettings = G.Settings;

const S = 'Settings';

export const Settings = {
  get: () => invoke(S, 'Get'),
  save: (s: AppSettings) => invoke(S, 'Save', s),
};
