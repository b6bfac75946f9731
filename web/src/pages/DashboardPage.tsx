import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { IconChartBar, IconGauge, IconListCheck, IconMoodSmile, IconUserCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan, useMe } from '../auth/useAuth';

const MODULES = [
  { key: 'parIndex', to: '/par', icon: IconChartBar, permission: 'par.read', hint: 'parHint' },
  { key: 'serviceIndex', to: '/service-index', icon: IconGauge, permission: 'serviceIndex.read', hint: 'serviceIndexHint' },
  { key: 'surveys', to: '/surveys', icon: IconMoodSmile, permission: 'survey.read', hint: 'surveysHint' },
  { key: 'plans', to: '/plans', icon: IconListCheck, permission: 'plans.read', hint: 'plansHint' },
  { key: 'headEvaluation', to: '/head-evaluation', icon: IconUserCheck, permission: 'par.read', hint: 'headEvaluationHint' },
] as const;

export default function DashboardPage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  return (
    <Stack gap="md" maw={960}>
      <div>
        <Title order={2} data-testid="dashboard-welcome">
          {t('dashboard.welcome', { name: me.displayName })}
        </Title>
        <Text c="dimmed">{t('dashboard.intro')}</Text>
      </div>

      <Paper p="md">
        <Title order={4} mb="sm">
          {t('dashboard.yourRoles')}
        </Title>
        {me.roles.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('header.noRoles')}
          </Text>
        ) : (
          <Table data-testid="dashboard-roles">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dashboard.role')}</Table.Th>
                <Table.Th>{t('dashboard.unit')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {me.roles.map((r) => (
                <Table.Tr key={`${r.role}-${r.unitId ?? 'all'}`}>
                  <Table.Td>
                    <Badge variant="light">{t(`roles.${r.role}`)}</Badge>
                  </Table.Td>
                  <Table.Td>{r.unitName ?? t('dashboard.wholeProvince')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>

      <Paper p="md">
        <Title order={4} mb={4}>
          {t('dashboard.modules')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" mt="sm">
          {MODULES.filter((m) => can(m.permission)).map((m) => (
            <UnstyledButton key={m.key} component={Link} to={m.to} data-testid={m.key === 'parIndex' ? 'dashboard-par' : `dashboard-${m.key}`}>
              <Paper p="sm" h="100%" style={{ borderColor: 'var(--mantine-color-blue-3)' }}>
                <Group gap="xs" wrap="nowrap">
                  <ThemeIcon variant="light" color="blue">
                    <m.icon size={18} />
                  </ThemeIcon>
                  <div>
                    <Text size="sm" fw={600} c="blue.9">
                      {t(`nav.${m.key}`)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`dashboard.${m.hint}`)}
                    </Text>
                  </div>
                </Group>
              </Paper>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      </Paper>
    </Stack>
  );
}
