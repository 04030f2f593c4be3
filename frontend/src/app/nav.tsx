// The navigation registry: one entry per area, in display order.
//
// To add your area:
//   1. build it under src/pages/<area>/ with a default-exported page component;
//   2. add ONE entry below: { id: '<area>', label: 'Shown in the navbar', icon: IconSomething,
//      load: () => import('../pages/<area>/<Area>Page') }.
// The shell gives each entry a hash route (#/<id>), a navbar link, the keyboard shortcut
// Alt+<position> (Alt+1 for the first entry, ...), an error boundary and lazy loading.
// Only register an area once it works end to end: the shell shows every entry here.
import type { ComponentType } from 'react';
import { IconFileImport, IconMailForward, IconPencil, IconSettings, IconTargetArrow, IconUsersGroup, type Icon } from '@tabler/icons-react';
import { IconTemplate } from '@tabler/icons-react';

export interface NavEntry {
  /** URL segment (#/<id>) and stable test id (nav-<id>). */
  id: string;
  label: string;
  icon: Icon;
  /** Lazy import of a module whose default export is the page. */
  load: () => Promise<{ default: ComponentType }>;
}

export const nav: NavEntry[] = [
  { id: 'network', label: 'Network', icon: IconUsersGroup, load: () => import('../pages/network/NetworkPage') },
  { id: 'audiences', label: 'Audiences', icon: IconTargetArrow, load: () => import('../pages/audiences/AudiencesPage') },
  { id: 'compose', label: 'Compose', icon: IconPencil, load: () => import('../pages/compose/ComposePage') },
  { id: 'templates', label: 'Templates', icon: IconTemplate, load: () => import('../pages/templates/TemplatesPage') },
  { id: 'communications', label: 'Sends', icon: IconMailForward, load: () => import('../pages/communications/CommunicationsPage') },
  { id: 'settings', label: 'Settings', icon: IconSettings, load: () => import('../pages/settings/SettingsPage') },
  { id: 'import', label: 'Import & sync', icon: IconFileImport, load: () => import('../pages/network/import/ImportPage') },
];
