import {
  ActionIcon,
  AppShell,
  Box,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  ThemeIcon,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  type Icon,
  IconAlarm,
  IconBuildingCommunity,
  IconCalendarEvent,
  IconChartBar,
  IconChartLine,
  IconChevronDown,
  IconClipboardCheck,
  IconClipboardList,
  IconFlag,
  IconGauge,
  IconHome,
  IconInbox,
  IconKey,
  IconListCheck,
  IconLogout,
  IconMoodSmile,
  IconPresentationAnalytics,
  IconUpload,
  IconUserCheck,
  IconUserCircle,
  IconUsers,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { setUnauthorizedHandler } from '../api/client';
import { queryKeys } from '../api/endpoints';
import type { Me, Permission } from '../api/types';
import { useCan, useLogout, useMe } from '../auth/useAuth';
import { type Language, setLanguage } from '../i18n';
import type vi from '../i18n/vi';
import { NotificationsBell } from './NotificationsBell';

type NavKey = keyof (typeof vi)['nav'];

interface NavItem {
  key: NavKey;
  to: string;
  icon: Icon;
  permission?: Permission;
  /** Sub-entries shown indented below the entry. */
  children?: NavItem[];
}

const MAIN_NAV: NavItem[] = [
  { key: 'dashboard', to: '/', icon: IconHome },
  {
    key: 'parIndex',
    to: '/par',
    icon: IconChartBar,
    permission: 'par.read',
    children: [{ key: 'parDashboard', to: '/par/dashboard', icon: IconPresentationAnalytics, permission: 'par.read' }],
  },
  { key: 'headEvaluation', to: '/head-evaluation', icon: IconUserCheck, permission: 'par.read' },
  {
    key: 'serviceIndex',
    to: '/service-index',
    icon: IconGauge,
    permission: 'serviceIndex.read',
    children: [{ key: 'serviceIndexImport', to: '/service-index/import', icon: IconUpload, permission: 'serviceIndex.manage' }],
  },
  { key: 'surveys', to: '/surveys', icon: IconMoodSmile, permission: 'survey.read' },
  {
    key: 'plans',
    to: '/plans',
    icon: IconListCheck,
    permission: 'plans.read',
    children: [
      { key: 'plansInbox', to: '/plans/inbox', icon: IconInbox, permission: 'plans.read' },
      { key: 'plansChasing', to: '/plans/chasing', icon: IconAlarm, permission: 'plans.monitor' },
      { key: 'plansCampaigns', to: '/plans/campaigns', icon: IconFlag, permission: 'plans.read' },
      { key: 'plansInspections', to: '/plans/inspections', icon: IconClipboardCheck, permission: 'plans.read' },
      { key: 'plansDashboard', to: '/plans/dashboard', icon: IconChartLine, permission: 'plans.monitor' },
    ],
  },
  { key: 'units', to: '/units', icon: IconBuildingCommunity },
  { key: 'users', to: '/users', icon: IconUsers, permission: 'user.read' },
  { key: 'audit', to: '/audit', icon: IconClipboardList, permission: 'audit.read' },
  { key: 'calendar', to: '/calendar', icon: IconCalendarEvent },
];

export function useRoleLabels(me: Pick<Me, 'roles'>): string[] {
  const { t } = useTranslation();
  return me.roles.map((r) => (r.unitName ? `${t(`roles.${r.role}`)} (${r.unitName})` : t(`roles.${r.role}`)));
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const value: Language = i18n.language === 'en' ? 'en' : 'vi';
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('lang.label')}
      data-testid="lang-switch"
      value={value}
      onChange={(v) => void setLanguage(v === 'en' ? 'en' : 'vi')}
      data={[
        {
          value: 'vi',
          label: (
            <span data-testid="lang-vi" title={t('lang.viFull')}>
              {t('lang.vi')}
            </span>
          ),
        },
        {
          value: 'en',
          label: (
            <span data-testid="lang-en" title={t('lang.enFull')}>
              {t('lang.en')}
            </span>
          ),
        },
      ]}
    />
  );
}

export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const [opened, { toggle, close }] = useDisclosure(false);
  const roleLabels = useRoleLabels(me);

  // When the session expires (any 401), drop the session so RequireAuth redirects to /login.
  useEffect(() => {
    setUnauthorizedHandler(() => {
      notifications.show({ id: 'session-expired', color: 'orange', message: t('errors.sessionExpired') });
      qc.setQueryData(queryKeys.me, null);
    });
    return () => setUnauthorizedHandler(null);
  }, [qc, t]);

  // close the mobile navbar after navigating
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose whenever the path changes
  useEffect(() => {
    close();
  }, [location.pathname, close]);

  const handleLogout = async () => {
    try {
      await logout();
    } finally {
      navigate('/login', { replace: true });
    }
  };

  const allTargets = MAIN_NAV.flatMap((i) => [i.to, ...(i.children ?? []).map((c) => c.to)]);
  // the longest matching target wins, so that /par/dashboard does not also light up /par
  const isActive = (to: string) => {
    if (to === '/') return location.pathname === '/';
    const matches = (x: string) => location.pathname === x || location.pathname.startsWith(`${x}/`);
    if (!matches(to)) return false;
    return !allTargets.some((x) => x.length > to.length && x.startsWith(to) && matches(x));
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding={{ base: 'sm', sm: 'md' }}>
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.toggleNavigation')} data-testid="nav-burger" />
            <UnstyledButton component={Link} to="/" aria-label={t('app.name')}>
              <Group gap={8} wrap="nowrap">
                <ThemeIcon size={32} radius="sm" variant="filled" color="red.8">
                  <IconBuildingCommunity size={20} />
                </ThemeIcon>
                <Box>
                  <Text fw={800} size="lg" lh={1.1} c="blue.9" data-testid="app-name">
                    {t('app.name')}
                  </Text>
                  <Text size="xs" c="dimmed" lh={1.1} visibleFrom="md">
                    {t('app.fullName')}
                  </Text>
                </Box>
              </Group>
            </UnstyledButton>
          </Group>

          <Group gap="xs" wrap="nowrap">
            <NotificationsBell />
            <Menu position="bottom-end" width={280} shadow="md">
              <Menu.Target>
                <UnstyledButton data-testid="header-user" aria-label={t('header.account')}>
                  <Group gap={6} wrap="nowrap">
                    <IconUserCircle size={26} stroke={1.4} color="var(--mantine-color-blue-8)" />
                    <Box visibleFrom="sm" maw={260}>
                      <Text size="sm" fw={600} lh={1.2} truncate data-testid="header-display-name">
                        {me.displayName}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2} truncate data-testid="header-roles">
                        {roleLabels.length > 0 ? roleLabels.join(', ') : t('header.noRoles')}
                      </Text>
                    </Box>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Box px="sm" py={6}>
                  <Text size="sm" fw={600}>
                    {me.displayName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {me.username}
                  </Text>
                </Box>
                <Menu.Divider />
                <Menu.Label>{t('header.roles')}</Menu.Label>
                {roleLabels.length === 0 && (
                  <Text size="xs" c="dimmed" px="sm" pb={4}>
                    {t('header.noRoles')}
                  </Text>
                )}
                {roleLabels.map((label) => (
                  <Text key={label} size="xs" px="sm" pb={4}>
                    {label}
                  </Text>
                ))}
                <Menu.Divider />
                {can('token.create') && (
                  <Menu.Item leftSection={<IconKey size={16} />} component={Link} to="/tokens">
                    {t('nav.tokens')}
                  </Menu.Item>
                )}
                <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={() => void handleLogout()}>
                  {t('header.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <LanguageSwitch />
            <Tooltip label={t('header.logout')}>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                onClick={() => void handleLogout()}
                aria-label={t('header.logout')}
                data-testid="logout-button"
              >
                <IconLogout size={20} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" data-testid="navbar">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            {MAIN_NAV.filter((item) => !item.permission || can(item.permission)).map((item) => (
              <Fragment key={item.key}>
                <NavLink
                  component={Link}
                  to={item.to}
                  label={t(`nav.${item.key}`)}
                  leftSection={<item.icon size={18} stroke={1.6} />}
                  active={isActive(item.to)}
                  variant="light"
                  data-testid={`nav-${item.key}`}
                />
                {(item.children ?? [])
                  .filter((c) => !c.permission || can(c.permission))
                  .map((c) => (
                    <NavLink
                      key={c.key}
                      component={Link}
                      to={c.to}
                      label={t(`nav.${c.key}`)}
                      leftSection={<c.icon size={16} stroke={1.6} />}
                      active={isActive(c.to)}
                      variant="light"
                      pl={30}
                      data-testid={`nav-${c.key}`}
                    />
                  ))}
              </Fragment>
            ))}
            {can('token.create') && (
              <NavLink
                component={Link}
                to="/tokens"
                label={t('nav.tokens')}
                leftSection={<IconKey size={18} stroke={1.6} />}
                active={isActive('/tokens')}
                variant="light"
                data-testid="nav-tokens"
              />
            )}
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
