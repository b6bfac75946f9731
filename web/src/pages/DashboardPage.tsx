import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { IconChartBar, IconGauge, IconListCheck, IconMoodSmile } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan, useMe } from '../auth/useAuth';

const COMING = [
  { key: 'sipas', icon: IconMoodSmile },
  { key: 'serviceIndex', icon: IconGauge },
  { key: 'plans', icon: IconListCheck },
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
        <Text size="sm" c="dimmed" mb="sm">
          {t('dashboard.comingSoonHint')}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          {can('par.read') ? (
            <UnstyledButton component={Link} to="/par" data-testid="dashboard-par">
              <Paper p="sm" h="100%" style={{ borderColor: 'var(--mantine-color-blue-3)' }}>
                <Group gap="xs" wrap="nowrap">
                  <ThemeIcon variant="light" color="blue">
                    <IconChartBar size={18} />
                  </ThemeIcon>
                  <div>
                    <Text size="sm" fw={600} c="blue.9">
                      {t('nav.parIndex')}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('dashboard.parHint')}
                    </Text>
                  </div>
                </Group>
              </Paper>
            </UnstyledButton>
          ) : null}
          {COMING.map((m) => (
            <Paper key={m.key} p="sm" bg="gray.0">
              <Group gap="xs" wrap="nowrap">
                <ThemeIcon variant="light" color="gray">
                  <m.icon size={18} />
                </ThemeIcon>
                <div>
                  <Text size="sm" fw={600}>
                    {t(`nav.${m.key}`)}
                  </Text>
                  <Badge size="xs" color="gray" variant="outline">
                    {t('app.comingSoon')}
                  </Badge>
                </div>
              </Group>
            </Paper>
          ))}
        </SimpleGrid>
      </Paper>
    </Stack>
  );
}
