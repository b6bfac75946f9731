// Responses with their exclusion state; survey staff exclude a response with a recorded reason (audited) or restore
// it. Open-text answers are shown as text (React escapes them), never as HTML.

import { Badge, Button, Code, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { allQuestions, pickText } from '../../../../src/domain/surveys/questionnaire.ts';
import { useCan } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { excludeResponse, fetchResponses, restoreResponse, type Survey, type SurveyResponse, surveyKeys } from './api';
import { useSurveyContent } from './shared';

function AnswersModal({ survey, response, onClose }: { survey: Survey; response: SurveyResponse; onClose: () => void }) {
  const { t } = useTranslation();
  const content = useSurveyContent(survey);
  const lang = currentLanguage();
  const questions = content ? allQuestions(content) : [];
  const text = (id: string) => {
    const q = questions.find((x) => x.id === id);
    return q ? pickText(q.text, lang) : id;
  };
  return (
    <Modal opened onClose={onClose} title={t('surveys.responses.answersOf')} size="lg">
      <Table>
        <Table.Tbody>
          {Object.entries(response.answers).map(([id, v]) => (
            <Table.Tr key={id}>
              <Table.Td w="60%">
                <Text size="sm">{text(id)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid={`answer-${id}`}>
                  {Array.isArray(v) ? v.join(', ') : String(v)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}

export function ResponsesTab({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: surveyKeys.responses(survey.id), queryFn: () => fetchResponses(survey.id) });
  const [excluding, setExcluding] = useState<SurveyResponse | null>(null);
  const [viewing, setViewing] = useState<SurveyResponse | null>(null);
  const [reason, setReason] = useState('');
  const unitName = (id: string) => survey.units.find((u) => u.unitId === id)?.unitName ?? id;
  const done = (msg: string) => {
    void qc.invalidateQueries({ queryKey: surveyKeys.all });
    notifySuccess(msg);
  };
  const exclude = useMutation({
    mutationFn: () => excludeResponse(survey.id, excluding?.id ?? '', reason.trim()),
    onSuccess: () => {
      setExcluding(null);
      setReason('');
      done(t('surveys.responses.excludedDone'));
    },
  });
  const restore = useMutation({ mutationFn: (id: string) => restoreResponse(survey.id, id), onSuccess: () => done(t('surveys.responses.restoredDone')) });
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return null;
  if (q.data.items.length === 0) return <Text c="dimmed">{t('surveys.responses.empty')}</Text>;
  return (
    <Stack gap="sm">
      {restore.error ? <ErrorAlert error={restore.error} /> : null}
      <Table.ScrollContainer minWidth={760}>
        <Table striped data-testid="responses-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('surveys.responses.submittedAt')}</Table.Th>
              <Table.Th>{t('surveys.responses.unit')}</Table.Th>
              <Table.Th>{t('surveys.responses.channel')}</Table.Th>
              <Table.Th>{t('surveys.responses.dossier')}</Table.Th>
              <Table.Th>{t('surveys.responses.state')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.items.map((r) => (
              <Table.Tr key={r.id} data-testid="response-row" data-channel={r.channel} data-excluded={r.excluded ? 'yes' : 'no'}>
                <Table.Td>{formatDateTime(r.submittedAt)}</Table.Td>
                <Table.Td>{unitName(r.unitId)}</Table.Td>
                <Table.Td>{t(`surveys.channel.${r.channel}`)}</Table.Td>
                <Table.Td>{r.dossierCode ? <Code>{r.dossierCode}</Code> : '—'}</Table.Td>
                <Table.Td>
                  {r.excluded ? (
                    <Stack gap={0}>
                      <Badge color="red" variant="light">
                        {t('surveys.responses.excluded')}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {r.excludedReason}
                      </Text>
                    </Stack>
                  ) : (
                    <Badge color="green" variant="light">
                      {t('surveys.responses.valid')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-xs" variant="subtle" onClick={() => setViewing(r)}>
                      {t('surveys.responses.view')}
                    </Button>
                    {can('survey.manage') && !r.excluded ? (
                      <Button size="compact-xs" variant="light" color="red" onClick={() => setExcluding(r)} data-testid="response-exclude">
                        {t('surveys.responses.exclude')}
                      </Button>
                    ) : null}
                    {can('survey.manage') && r.excluded ? (
                      <Button size="compact-xs" variant="light" onClick={() => restore.mutate(r.id)} data-testid="response-restore">
                        {t('surveys.responses.restore')}
                      </Button>
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {excluding ? (
        <Modal opened onClose={() => setExcluding(null)} title={t('surveys.responses.exclude')}>
          <Stack gap="sm">
            <Textarea
              label={t('surveys.responses.reason')}
              description={t('surveys.responses.reasonHelp')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              data-testid="exclude-reason"
            />
            {exclude.error ? <ErrorAlert error={exclude.error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setExcluding(null)}>
                {t('common.cancel')}
              </Button>
              <Button
                color="red"
                onClick={() => exclude.mutate()}
                loading={exclude.isPending}
                disabled={reason.trim().length < 3}
                data-testid="exclude-confirm"
              >
                {t('surveys.responses.exclude')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      ) : null}
      {viewing ? <AnswersModal survey={survey} response={viewing} onClose={() => setViewing(null)} /> : null}
    </Stack>
  );
}
