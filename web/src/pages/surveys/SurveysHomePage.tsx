import { Badge, Button, Card, Group, Loader, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { IconFilePlus, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCan } from '../../auth/useAuth';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { UnitMultiSelect } from '../../components/UnitSelect';
import { formatDate } from '../../i18n/format';
import { fmtInt } from '../par/shared';
import { createSurvey, fetchQuestionnaires, fetchSurveys, type QuestionnaireSummary, type SurveyKind, surveyKeys } from './api';
import { langText, SurveyStatusBadge, useUnits } from './shared';

function CreateSurveyModal({ opened, onClose, questionnaires }: { opened: boolean; onClose: () => void; questionnaires: QuestionnaireSummary[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const units = useUnits();
  const year = new Date().getFullYear();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SurveyKind>('sipas');
  const [surveyYear, setSurveyYear] = useState<number>(year);
  const [versionId, setVersionId] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(`${year}-01-01`);
  const [to, setTo] = useState<string | null>(`${year}-12-31`);
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [target, setTarget] = useState<number>(50);
  const create = useMutation({
    mutationFn: () =>
      createSurvey({
        name: name.trim(),
        kind,
        year: surveyYear,
        questionnaireVersionId: versionId ?? '',
        periodFrom: from ?? '',
        periodTo: to ?? '',
        units: unitIds.map((unitId) => ({ unitId, target })),
        quotas: [],
      }),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: surveyKeys.all });
      notifySuccess(t('surveys.create.created'));
      onClose();
      navigate(`/surveys/${s.id}`);
    },
  });
  const options = questionnaires
    .filter((q) => q.kind === kind)
    .map((q) => ({ value: q.latestVersionId, label: `${langText(q.title)} (${q.code} — v${q.latestVersion})` }));
  return (
    <Modal opened={opened} onClose={onClose} title={t('surveys.create.title')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('surveys.create.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="survey-name" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('surveys.create.kind')}
              value={kind}
              onChange={(v) => {
                setKind(v === 'parSurvey' ? 'parSurvey' : 'sipas');
                setVersionId(null);
              }}
              data={[
                { value: 'sipas', label: t('surveys.kind.sipas') },
                { value: 'parSurvey', label: t('surveys.kind.parSurvey') },
              ]}
              allowDeselect={false}
              data-testid="survey-kind"
            />
            <NumberInput
              label={t('surveys.create.year')}
              value={surveyYear}
              onChange={(v) => setSurveyYear(Number(v) || year)}
              min={2000}
              max={2100}
              data-testid="survey-year"
            />
          </SimpleGrid>
          <Select
            label={t('surveys.create.questionnaire')}
            required
            data={options}
            value={versionId}
            onChange={setVersionId}
            searchable
            data-testid="survey-questionnaire"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DateField label={t('surveys.create.periodFrom')} required value={from} onChange={setFrom} data-testid="survey-from" />
            <DateField label={t('surveys.create.periodTo')} required value={to} onChange={setTo} data-testid="survey-to" />
          </SimpleGrid>
          <UnitMultiSelect label={t('surveys.create.units')} required units={units} value={unitIds} onChange={setUnitIds} data-testid="survey-units" />
          <NumberInput
            label={t('surveys.create.target')}
            value={target}
            onChange={(v) => setTarget(Math.max(1, Math.floor(Number(v) || 1)))}
            min={1}
            data-testid="survey-target"
          />
          {create.error ? <ErrorAlert error={create.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="survey-create-submit">
              {t('surveys.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function SurveysList({ questionnaires }: { questionnaires: QuestionnaireSummary[] }) {
  const { t } = useTranslation();
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const q = useQuery({ queryKey: surveyKeys.list, queryFn: fetchSurveys });
  return (
    <Stack gap="sm">
      {can('survey.manage') ? (
        <Group justify="flex-end">
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="survey-create">
            {t('surveys.list.create')}
          </Button>
        </Group>
      ) : null}
      {q.isPending ? <Loader size="sm" /> : null}
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      {q.data && q.data.length === 0 ? <Text c="dimmed">{t('surveys.list.empty')}</Text> : null}
      {q.data && q.data.length > 0 ? (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover data-testid="surveys-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('surveys.list.name')}</Table.Th>
                <Table.Th>{t('surveys.list.kind')}</Table.Th>
                <Table.Th>{t('surveys.list.period')}</Table.Th>
                <Table.Th>{t('surveys.list.questionnaire')}</Table.Th>
                <Table.Th>{t('surveys.list.status')}</Table.Th>
                <Table.Th ta="right">{t('surveys.list.responses')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.map((s) => (
                <Table.Tr key={s.id} data-testid={`survey-row-${s.id}`}>
                  <Table.Td>
                    <Text component={Link} to={`/surveys/${s.id}`} c="blue.8" fw={600} size="sm">
                      {s.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t(`surveys.kind.${s.kind}`)}</Table.Td>
                  <Table.Td>
                    {formatDate(s.periodFrom)} – {formatDate(s.periodTo)}
                  </Table.Td>
                  <Table.Td>
                    {s.questionnaireCode} v{s.questionnaireVersion}
                  </Table.Td>
                  <Table.Td>
                    <SurveyStatusBadge status={s.status} />
                  </Table.Td>
                  <Table.Td ta="right">{fmtInt(s.responses)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {creating ? <CreateSurveyModal opened onClose={() => setCreating(false)} questionnaires={questionnaires} /> : null}
    </Stack>
  );
}

function QuestionnairesList({ items }: { items: QuestionnaireSummary[] }) {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <Stack gap="sm">
      {can('survey.manage') ? (
        <Group justify="flex-end">
          <Button component={Link} to="/surveys/questionnaires/new" leftSection={<IconFilePlus size={16} />} data-testid="questionnaire-create">
            {t('surveys.qlist.create')}
          </Button>
        </Group>
      ) : null}
      {items.length === 0 ? <Text c="dimmed">{t('surveys.qlist.empty')}</Text> : null}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {items.map((q) => (
          <Card key={q.id} withBorder radius="md" padding="sm" data-testid={`questionnaire-card-${q.code}`}>
            <Stack gap={6}>
              <Text component={Link} to={`/surveys/questionnaires/${q.id}`} fw={600} c="blue.9" size="sm" lh={1.3}>
                {langText(q.title)}
              </Text>
              <Group gap={6}>
                <Badge variant="light" color="gray">
                  {q.code}
                </Badge>
                <Badge variant="light">{t(`surveys.kind.${q.kind}`)}</Badge>
                <Badge variant="outline">{t('surveys.builder.version', { v: q.latestVersion })}</Badge>
                {q.illustrative ? (
                  <Badge variant="light" color="orange">
                    {t('surveys.illustrative')}
                  </Badge>
                ) : null}
              </Group>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export default function SurveysHomePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'questionnaires' ? 'questionnaires' : 'surveys';
  const questionnaires = useQuery({ queryKey: surveyKeys.questionnaires, queryFn: fetchQuestionnaires });
  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('surveys.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('surveys.subtitle')}
        </Text>
      </div>
      <Tabs value={tab} onChange={(v) => setParams(v === 'questionnaires' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="surveys" data-testid="tab-surveys">
            {t('surveys.tabs.surveys')}
          </Tabs.Tab>
          <Tabs.Tab value="questionnaires" data-testid="tab-questionnaires">
            {t('surveys.tabs.questionnaires')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="surveys" pt="md">
          <SurveysList questionnaires={questionnaires.data ?? []} />
        </Tabs.Panel>
        <Tabs.Panel value="questionnaires" pt="md">
          {questionnaires.error ? <ErrorAlert error={questionnaires.error} onRetry={() => void questionnaires.refetch()} /> : null}
          {questionnaires.isPending ? <Loader size="sm" /> : <QuestionnairesList items={questionnaires.data ?? []} />}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
