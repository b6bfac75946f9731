import { Alert, Box, Button, Center, Group, Paper, PasswordInput, SegmentedControl, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { IconAlertCircle, IconBuildingCommunity } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../api/client';
import { landingPath, useLogin, useSession } from '../auth/useAuth';
import { PageLoader } from '../components/PageLoader';
import { setLanguage } from '../i18n';

export default function LoginPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const from = (location.state as { from?: { pathname?: string; search?: string } } | null)?.from;
  const requested = from?.pathname && from.pathname !== '/login' && from.pathname !== '/' ? `${from.pathname}${from.search ?? ''}` : null;
  // without a page to return to, each user lands on their own start page (provincial leaders: the PAR dashboard)
  const target = requested ?? (session.data ? landingPath(session.data.user) : '/');

  if (session.isPending) return <PageLoader fullScreen />;
  if (session.data) return <Navigate to={target} replace />;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const errs: typeof fieldErrors = {};
    if (!username.trim()) errs.username = t('login.usernameRequired');
    if (!password) errs.password = t('login.passwordRequired');
    setFieldErrors(errs);
    if (errs.username || errs.password) return;
    setSubmitting(true);
    setError(null);
    try {
      const signedIn = await login(username.trim(), password);
      navigate(requested ?? landingPath(signedIn.user), { replace: true });
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Box w="100%" maw={400}>
        <Group justify="flex-end" mb="sm">
          <SegmentedControl
            size="xs"
            aria-label={t('lang.label')}
            data-testid="lang-switch"
            value={i18n.language === 'en' ? 'en' : 'vi'}
            onChange={(v) => void setLanguage(v === 'en' ? 'en' : 'vi')}
            data={[
              { value: 'vi', label: <span data-testid="lang-vi">{t('lang.vi')}</span> },
              { value: 'en', label: <span data-testid="lang-en">{t('lang.en')}</span> },
            ]}
          />
        </Group>
        <Paper p="xl" shadow="sm">
          <Stack align="center" gap={4} mb="lg">
            <ThemeIcon size={48} radius="md" color="red.8">
              <IconBuildingCommunity size={30} />
            </ThemeIcon>
            <Title order={2} c="blue.9">
              {t('app.name')}
            </Title>
            <Text size="sm" c="dimmed" ta="center">
              {t('login.subtitle')}
            </Text>
          </Stack>
          <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="login-form">
            <Stack gap="sm">
              <Title order={4}>{t('login.title')}</Title>
              {error ? (
                <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title={t('login.failed')} data-testid="login-error">
                  {errorMessage(error)}
                </Alert>
              ) : null}
              <TextInput
                label={t('login.username')}
                name="username"
                autoComplete="username"
                autoFocus
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                error={fieldErrors.username}
                data-testid="login-username"
              />
              <PasswordInput
                label={t('login.password')}
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fieldErrors.password}
                data-testid="login-password"
              />
              <Button type="submit" fullWidth mt="xs" loading={submitting} data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Box>
    </Center>
  );
}
