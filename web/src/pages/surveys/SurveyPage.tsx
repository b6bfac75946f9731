import { Button, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconLock, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useCan } from '../../auth/useAuth';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { formatDate } from '../../i18n/format';
import { closeSurvey, fetchSurvey, openSurvey, surveyKeys } from './api';
import { CollectTab } from './CollectTab';
import { IndicesTab } from './IndicesTab';
import { PlanTab } from './PlanTab';
import { ResponsesTab } from './ResponsesTab';
import { BoardTab, SampleTab } from './SampleTab';
import { SurveyStatusBadge } from './shared';

const TABS = ['plan', 'sample', 'board', 'collect', 'responses', 'indices'] as const;
type Tab = (typeof TABS)[number];

export default function SurveyPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const can = useCan();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'plan';
  const [confirm, setConfirm] = useState<'open' | 'close' | null>(null);
  const q = useQuery({ queryKey: surveyKeys.survey(id), queryFn: () => fetchSurvey(id) });
  const change = useMutation({
    mutationFn: async (what: 'open' | 'close') => {
      if (what === 'open') {
        await openSurvey(id);
        return t('surveys.detail.opened');
      }
      const r = await closeSurvey(id);
      return r.parFeed.length > 0 ? `${t('surveys.detail.closed')}. ${t('surveys.detail.parFed', { n: r.parFeed.length })}` : t('surveys.detail.closed');
    },
    onSuccess: (msg) => {
      setConfirm(null);
      void qc.invalidateQueries({ queryKey: surveyKeys.all });
      notifySuccess(msg);
    },
  });
  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const s = q.data;
  const manage = can('survey.manage');
  return (
    <Stack gap="md">
      <div>
        <Button component={Link} to="/surveys" variant="subtle" size="xs" leftSection={<IconArrowLeft size={14} />} px={0}>
          {t('surveys.detail.back')}
        </Button>
        <Group justify="space-between" align="flex-start" gap="xs">
          <div>
            <Group gap="xs">
              <Title order={2} data-testid="survey-title">
                {s.name}
              </Title>
              <SurveyStatusBadge status={s.status} />
            </Group>
            <Text size="sm" c="dimmed">
              {t(`surveys.kind.${s.kind}`)} · {formatDate(s.periodFrom)} – {formatDate(s.periodTo)} ·{' '}
              {t('surveys.detail.questionnaire', { code: s.questionnaireCode, v: s.questionnaireVersion })} ·{' '}
              {t('surveys.detail.responses', { n: s.responses, x: s.excluded })}
            </Text>
          </div>
          <Group gap="xs">
            {manage && s.status === 'draft' ? (
              <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => setConfirm('open')} data-testid="survey-open">
                {t('surveys.detail.open')}
              </Button>
            ) : null}
            {manage && s.status === 'open' ? (
              <Button color="gray" leftSection={<IconLock size={16} />} onClick={() => setConfirm('close')} data-testid="survey-close">
                {t('surveys.detail.close')}
              </Button>
            ) : null}
          </Group>
        </Group>
      </div>
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'plan' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`survey-tab-${k}`}>
              {t(`surveys.detail.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="plan" pt="md">
          <PlanTab key={`${s.status}-${s.name}`} survey={s} />
        </Tabs.Panel>
        <Tabs.Panel value="sample" pt="md">
          <SampleTab survey={s} />
        </Tabs.Panel>
        <Tabs.Panel value="board" pt="md">
          <BoardTab survey={s} />
        </Tabs.Panel>
        <Tabs.Panel value="collect" pt="md">
          <CollectTab survey={s} />
        </Tabs.Panel>
        <Tabs.Panel value="responses" pt="md">
          <ResponsesTab survey={s} />
        </Tabs.Panel>
        <Tabs.Panel value="indices" pt="md">
          <IndicesTab survey={s} />
        </Tabs.Panel>
      </Tabs>
      <ConfirmModal
        opened={confirm !== null}
        title={confirm === 'close' ? t('surveys.detail.close') : t('surveys.detail.open')}
        message={confirm === 'close' ? t('surveys.detail.closeConfirm') : t('surveys.detail.openConfirm')}
        color={confirm === 'close' ? 'red' : 'blue'}
        loading={change.isPending}
        error={change.error}
        onConfirm={() => confirm && change.mutate(confirm)}
        onClose={() => {
          setConfirm(null);
          change.reset();
        }}
      />
    </Stack>
  );
}
