// Collection by the survey team and the desk: open a kiosk session for a unit, key paper forms (optionally twice,
// compared), or key forms offline into a queue in the browser that syncs idempotently.

import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconCloudUpload, IconDeviceTablet, IconRefresh, IconWifi, IconWifiOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { allQuestions, pickText, type QuestionnaireContent } from '../../../../src/domain/surveys/questionnaire.ts';
import { errorMessage } from '../../api/client';
import { useCan } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { createKiosk, type PaperResult, type Survey, submitPaper, surveyKeys } from './api';
import { EntryForm } from './EntryForm';
import { useOfflineQueue } from './offlineQueue';
import { QrCode } from './QrCode';
import { useSurveyContent } from './shared';

function KioskCard({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const [unitId, setUnitId] = useState<string | null>(survey.units[0]?.unitId ?? null);
  const [label, setLabel] = useState(t('surveys.kiosk.labelDefault'));
  const open = useMutation({ mutationFn: () => createKiosk(survey.id, unitId ?? '', label.trim()) });
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="xs">
        <Group gap="xs">
          <IconDeviceTablet size={20} />
          <Title order={4}>{t('surveys.kiosk.title')}</Title>
        </Group>
        <Text size="sm" c="dimmed">
          {t('surveys.kiosk.help')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <Select
            label={t('surveys.kiosk.unit')}
            value={unitId}
            onChange={setUnitId}
            data={survey.units.map((u) => ({ value: u.unitId, label: u.unitName }))}
            allowDeselect={false}
          />
          <TextInput label={t('surveys.kiosk.label')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
          <Button
            mt={{ base: 0, sm: 25 }}
            onClick={() => open.mutate()}
            loading={open.isPending}
            disabled={!unitId || survey.status !== 'open'}
            data-testid="kiosk-open"
          >
            {t('surveys.kiosk.create')}
          </Button>
        </SimpleGrid>
        {open.error ? <ErrorAlert error={open.error} /> : null}
        {open.data ? (
          <Group align="flex-start" gap="md" data-testid="kiosk-created">
            <QrCode value={open.data.url} label={t('surveys.kiosk.url')} size={140} />
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t('surveys.kiosk.url')}
              </Text>
              <Anchor href={open.data.url} target="_blank" rel="noreferrer" size="sm" style={{ wordBreak: 'break-all' }} data-testid="kiosk-url">
                {open.data.url}
              </Anchor>
            </Stack>
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}

function PaperResultView({ result, formNumber, content }: { result: PaperResult; formNumber: string; content: QuestionnaireContent }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const questionText = (id: string) => {
    if (id === 'unitId') return t('surveys.entry.unit');
    if (id === 'dossierCode') return t('surveys.entry.dossierCode');
    const q = allQuestions(content).find((x) => x.id === id);
    return q ? `${id}. ${pickText(q.text, lang)}` : id;
  };
  if (result.status === 'stored')
    return (
      <Alert color="green" data-testid="paper-result" data-status="stored">
        {t('surveys.entry.stored')}
      </Alert>
    );
  if (result.status === 'awaitingSecondKeying')
    return (
      <Alert color="blue" data-testid="paper-result" data-status="awaiting">
        {t('surveys.entry.awaiting', { form: formNumber })}
      </Alert>
    );
  return (
    <Alert color="red" data-testid="paper-result" data-status="mismatch">
      <Text size="sm" mb="xs">
        {t('surveys.entry.mismatch', { n: result.mismatches.length })}
      </Text>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('surveys.entry.mismatchQuestion')}</Table.Th>
            <Table.Th>{t('surveys.entry.first')}</Table.Th>
            <Table.Th>{t('surveys.entry.second')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.mismatches.map((m) => (
            <Table.Tr key={m.questionId}>
              <Table.Td>{questionText(m.questionId)}</Table.Td>
              <Table.Td>{m.first === undefined || m.first === null ? t('surveys.entry.empty') : JSON.stringify(m.first)}</Table.Td>
              <Table.Td>{m.second === undefined || m.second === null ? t('surveys.entry.empty') : JSON.stringify(m.second)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Alert>
  );
}

function QueueCard({ queue }: { queue: ReturnType<typeof useOfflineQueue> }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const pending = queue.items.filter((i) => i.status === 'pending').length;
  const run = async (all: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await queue.sync(all);
      setMessage(t('surveys.queue.syncResult', { accepted: r.accepted, rejected: r.rejected }));
      void qc.invalidateQueries({ queryKey: surveyKeys.all });
    } catch (e) {
      setMessage(t('surveys.queue.syncFailed', { message: errorMessage(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder radius="md" padding="md" data-testid="offline-queue">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>{t('surveys.queue.title')}</Title>
          <Badge
            color={queue.online ? 'green' : 'orange'}
            variant="light"
            leftSection={queue.online ? <IconWifi size={12} /> : <IconWifiOff size={12} />}
            data-testid="queue-online"
            data-online={queue.online ? 'yes' : 'no'}
          >
            {queue.online ? t('surveys.queue.online') : t('surveys.queue.offline')}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {t('surveys.queue.help')}
        </Text>
        <Group gap="xs">
          <Button leftSection={<IconCloudUpload size={16} />} onClick={() => void run(false)} loading={busy} disabled={pending === 0} data-testid="queue-sync">
            {t('surveys.queue.sync', { n: pending })}
          </Button>
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void run(true)}
            disabled={busy || queue.items.length === 0}
            data-testid="queue-resend"
          >
            {t('surveys.queue.resendAll')}
          </Button>
          <Button variant="subtle" color="gray" onClick={queue.clearSynced} disabled={!queue.items.some((i) => i.status === 'synced')}>
            {t('surveys.queue.clearSynced')}
          </Button>
        </Group>
        {message ? (
          <Text size="sm" data-testid="queue-message">
            {message}
          </Text>
        ) : null}
        {queue.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('surveys.queue.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table striped data-testid="queue-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('surveys.queue.id')}</Table.Th>
                  <Table.Th>{t('surveys.queue.collectedAt')}</Table.Th>
                  <Table.Th>{t('surveys.queue.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {queue.items.map((i) => (
                  <Table.Tr key={i.id} data-testid="queue-row" data-status={i.status}>
                    <Table.Td ff="monospace">{i.id.slice(0, 8)}</Table.Td>
                    <Table.Td>{formatDateTime(i.collectedAt)}</Table.Td>
                    <Table.Td>
                      <Badge color={i.status === 'synced' ? 'green' : i.status === 'rejected' ? 'red' : 'gray'} variant="light">
                        {t(`surveys.queue.${i.status}`)}
                      </Badge>
                      {i.reason ? (
                        <Text size="xs" c="red">
                          {i.reason}
                        </Text>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}

export function CollectTab({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const content = useSurveyContent(survey);
  const queue = useOfflineQueue(survey.id);
  const [mode, setMode] = useState<'paper' | 'offline'>('paper');
  const [unitId, setUnitId] = useState<string | null>(survey.units[0]?.unitId ?? null);
  const [formNumber, setFormNumber] = useState('');
  const [dossierCode, setDossierCode] = useState('');
  const [doubleEntry, setDoubleEntry] = useState(false);
  const [paperResult, setPaperResult] = useState<{ result: PaperResult; formNumber: string } | null>(null);
  const canCollect = can('survey.collect');

  return (
    <Stack gap="md">
      {survey.status !== 'open' ? (
        <Alert color="gray" variant="light">
          {t('surveys.entry.notOpen')}
        </Alert>
      ) : null}
      {canCollect ? <KioskCard survey={survey} /> : null}
      {canCollect && content ? (
        <Card withBorder radius="md" padding="md">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={4}>{mode === 'paper' ? t('surveys.entry.paperTitle') : t('surveys.entry.offlineTitle')}</Title>
              <SegmentedControl
                aria-label={t('surveys.entry.mode')}
                value={mode}
                onChange={(v) => setMode(v === 'offline' ? 'offline' : 'paper')}
                data={[
                  { value: 'paper', label: t('surveys.entry.modePaper') },
                  { value: 'offline', label: t('surveys.entry.modeOffline') },
                ]}
                data-testid="entry-mode"
              />
            </Group>
            <Text size="xs" c="dimmed">
              {t('surveys.entry.keysHelp')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
              <Select
                label={t('surveys.entry.unit')}
                value={unitId}
                onChange={setUnitId}
                data={survey.units.map((u) => ({ value: u.unitId, label: u.unitName }))}
                allowDeselect={false}
                data-testid="entry-unit"
              />
              {mode === 'paper' ? (
                <TextInput
                  label={t('surveys.entry.formNumber')}
                  required
                  value={formNumber}
                  onChange={(e) => setFormNumber(e.currentTarget.value)}
                  data-testid="entry-form-number"
                />
              ) : null}
              <TextInput
                label={t('surveys.entry.dossierCode')}
                value={dossierCode}
                onChange={(e) => setDossierCode(e.currentTarget.value)}
                data-testid="entry-dossier"
              />
            </SimpleGrid>
            {mode === 'paper' ? (
              <Checkbox
                label={t('surveys.entry.doubleEntry')}
                checked={doubleEntry}
                onChange={(e) => setDoubleEntry(e.currentTarget.checked)}
                data-testid="entry-double"
              />
            ) : null}
            {paperResult && mode === 'paper' ? <PaperResultView result={paperResult.result} formNumber={paperResult.formNumber} content={content} /> : null}
            <EntryForm
              key={mode}
              content={content}
              testId="entry"
              saveLabel={mode === 'paper' ? t('surveys.entry.save') : t('surveys.entry.queue')}
              onSave={async (answers) => {
                if (!unitId) return false;
                if (mode === 'offline') {
                  queue.add({ unitId, answers, ...(dossierCode.trim() ? { dossierCode: dossierCode.trim() } : {}) });
                  notifySuccess(t('surveys.entry.queued'));
                  setDossierCode('');
                  return true;
                }
                try {
                  const number = formNumber.trim();
                  const result = await submitPaper(survey.id, {
                    unitId,
                    formNumber: number,
                    answers,
                    doubleEntry,
                    ...(dossierCode.trim() ? { dossierCode: dossierCode.trim() } : {}),
                  });
                  setPaperResult({ result, formNumber: number });
                  void qc.invalidateQueries({ queryKey: surveyKeys.all });
                  if (result.status === 'mismatch') return false;
                  setFormNumber('');
                  setDossierCode('');
                  return true;
                } catch (e) {
                  notifyError(e);
                  return false;
                }
              }}
            />
          </Stack>
        </Card>
      ) : null}
      {canCollect ? <QueueCard queue={queue} /> : null}
    </Stack>
  );
}
