import { ActionIcon, Anchor, AppShell, Burger, Group, NavLink, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconBell, IconBolt, IconFileSearch, IconLayoutDashboard, IconApi, IconPuzzle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { ThemeToggle } from './ThemeToggle';
import classes from './AppFrame.module.css';

interface NavItem {
  readonly path: string;
  readonly label: string;
  readonly icon: ReactNode;
  readonly hint: string;
}

const NAV: readonly NavItem[] = [
  { path: '/overview', label: 'Overview', icon: <IconLayoutDashboard size={18} />, hint: 'Volume, errors, incidents at a glance' },
  { path: '/logs', label: 'Logs', icon: <IconFileSearch size={18} />, hint: 'Search and live tail' },
  { path: '/patterns', label: 'Patterns', icon: <IconPuzzle size={18} />, hint: 'Mined templates, trends, compare windows' },
  { path: '/anomalies', label: 'Anomalies', icon: <IconBolt size={18} />, hint: 'What the detectors found' },
  { path: '/incidents', label: 'Incidents', icon: <IconAlertTriangle size={18} />, hint: 'Grouped anomalies to act on' },
  { path: '/alerts', label: 'Alerts', icon: <IconBell size={18} />, hint: 'Rules and notification channels' },
];

/** The time range travels with the user between views, so "this hour" stays "this hour". */
function carriedRange(search: string): string {
  const from = new URLSearchParams(search).get('from');
  const to = new URLSearchParams(search).get('to');
  const p = new URLSearchParams();
  if (from !== null) p.set('from', from);
  if (to !== null) p.set('to', to);
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}

function Logo() {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--mantine-color-blue-6)" />
        <path d="M8 10h16M8 16h11M8 22h7" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
        <circle cx="23" cy="21" r="3.5" fill="none" stroke="#fff" strokeWidth="2.2" />
      </svg>
      <Text fw={700} size="lg">
        logsift
      </Text>
    </Group>
  );
}

/** The shell: header, navigation, and the view in the remaining space. */
export function AppFrame({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const [location] = useLocation();
  const search = useSearch();
  const carry = carriedRange(search);
  return (
    <AppShell header={{ height: 48 }} navbar={{ width: 196, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding={0}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Anchor component={Link} href="/overview" underline="never" c="inherit" aria-label="logsift home">
              <Logo />
            </Anchor>
          </Group>
          <Group gap={6} wrap="nowrap">
            <Tooltip label="API reference (OpenAPI)">
              <ActionIcon component="a" href="/docs" target="_blank" variant="subtle" color="gray" size="lg" aria-label="API reference">
                <IconApi size={20} />
              </ActionIcon>
            </Tooltip>
            <ThemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Views">
        {NAV.map((item) => (
          <NavLink
            key={item.path}
            component={Link}
            href={`${item.path}${carry}`}
            label={item.label}
            description={item.hint}
            leftSection={item.icon}
            active={location === item.path || location.startsWith(`${item.path}/`)}
            onClick={close}
            classNames={{ description: classes.navHint }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main className={classes.main}>{children}</AppShell.Main>
    </AppShell>
  );
}
