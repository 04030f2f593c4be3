import { MantineProvider, localStorageColorSchemeManager } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { theme } from './theme';
import { Shell } from './Shell';
import { DataVersionProvider } from './dataVersion';
import { GlobalErrors } from './GlobalErrors';

// The colour scheme is remembered across starts under this key.
const colorSchemeManager = localStorageColorSchemeManager({ key: 'commhub-color-scheme' });

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" colorSchemeManager={colorSchemeManager}>
      <Notifications position="bottom-right" limit={4} />
      <DataVersionProvider>
        <GlobalErrors />
        <Shell />
      </DataVersionProvider>
    </MantineProvider>
  );
}
