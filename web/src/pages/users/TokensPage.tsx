import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/useAuth';
import { Forbidden } from '../../components/Forbidden';
import { TokensSection } from './TokensSection';

export default function TokensPage() {
  const { t } = useTranslation();
  const can = useCan();
  if (!can('token.create')) return <Forbidden />;
  return (
    <Stack gap="md" maw={1000}>
      <Title order={2}>{t('nav.tokens')}</Title>
      <TokensSection />
    </Stack>
  );
}
