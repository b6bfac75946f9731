import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Center h={320} data-testid="forbidden">
      <Stack align="center" gap="sm">
        <IconLock size={40} stroke={1.5} color="var(--mantine-color-gray-6)" />
        <Title order={3}>{t('common.forbiddenTitle')}</Title>
        <Text c="dimmed">{t('common.forbidden')}</Text>
        <Button component={Link} to="/" variant="light">
          {t('common.backHome')}
        </Button>
      </Stack>
    </Center>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Center h={320} data-testid="not-found">
      <Stack align="center" gap="sm">
        <Title order={3}>{t('common.notFoundTitle')}</Title>
        <Text c="dimmed">{t('common.notFound')}</Text>
        <Button component={Link} to="/" variant="light">
          {t('common.backHome')}
        </Button>
      </Stack>
    </Center>
  );
}
