import { Suspense, lazy, useMemo, type ComponentType, type LazyExoticComponent } from 'react';
import {
  ActionIcon,
  AppShell,
  Burger,
  Center,
  Group,
  Kbd,
  Loader,
  NavLink,
  Text,
  Title,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconMail, IconMoon, IconSun } from '@tabler/icons-react';
import { nav, type NavEntry } from './nav';
import { navigate, useRoute } from './route';
import { ErrorBoundary } from './ErrorBoundary';
import { DemoNotice } from './DemoNotice';
import classes from './Shell.module.css';

const pages = new Map<string, LazyExoticComponent<ComponentType>>();
function pageOf(entry: NavEntry) {
  let p = pages.get(entry.id);
  if (!p) pages.set(entry.id, (p = lazy(entry.load)));
  return p;
}

export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const next = computed === 'dark' ? 'light' : 'dark';
  useHotkeys([['mod+shift+L', () => setColorScheme(next)]]);
  return (
    <Tooltip label={`Switch to ${next} theme (Ctrl+Shift+L)`}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={`Switch to ${next} theme`}
        data-testid="color-scheme-toggle"
        onClick={() => setColorScheme(next)}
      >
        {computed === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const route = useRoute();
  const active = nav.find((n) => n.id === route.area) ?? nav[0];
  const Page = useMemo(() => pageOf(active), [active]);

  // Alt+1..9 jump to the n-th area.
  useHotkeys(nav.slice(0, 9).map((n, i) => [`alt+${i + 1}`, () => navigate(n.id)]));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className={classes.skip}>
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <IconMail size={24} stroke={1.6} aria-hidden />
            <Title order={1} size="h3">
              CommHub
            </Title>
          </Group>
          <ColorSchemeToggle />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Areas">
        {nav.map((n, i) => (
          <NavLink
            key={n.id}
            href={`#/${n.id}`}
            label={n.label}
            noWrap
            title={n.label}
            data-testid={`nav-${n.id}`}
            leftSection={<n.icon size={18} stroke={1.6} />}
            rightSection={i < 9 ? <Kbd size="xs">Alt {i + 1}</Kbd> : undefined}
            active={n.id === active.id}
            aria-current={n.id === active.id ? 'page' : undefined}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
        <DemoNotice />
        <ErrorBoundary key={active.id} where={`the ${active.label} area`}>
          <Suspense
            fallback={
              <Center h={200}>
                <Loader aria-label="Loading" />
              </Center>
            }
          >
            <Page />
          </Suspense>
        </ErrorBoundary>
        {nav.length === 0 && <Text c="dimmed">No areas yet.</Text>}
      </AppShell.Main>
    </AppShell>
  );
}
