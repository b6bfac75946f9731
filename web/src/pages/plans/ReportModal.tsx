// A unit reports progress on one occurrence of a task: status, % done, a text and evidence files.
// The report is saved first; the evidence files are then uploaded to it one by one, with their progress.

import { Button, Group, Modal, NumberInput, Progress, SegmentedControl, Slider, Stack, Text, Textarea } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { formatDate } from '../../i18n/format';
import { fieldError } from '../units/hooks';
import { createReport, planKeys, REPORT_STATUSES, type ReportStatus, uploadReportEvidence } from './api';
import { ReportHistory } from './ReportHistory';

export interface ReportTarget {
  taskId: string;
  occurrenceId: string;
  ref: string;
  work: string;
  period: string;
  dueDate: string;
  status: ReportStatus | null;
  percent: number | null;
}

function ReportForm({ target, onClose }: { target: ReportTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fileId = useId();
  const [status, setStatus] = useState<ReportStatus>(target.status && target.status !== 'notStarted' ? target.status : 'inProgress');
  const [percent, setPercent] = useState<number>(target.percent ?? 0);
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<{ name: string; pct: number } | null>(null);
  const [localError, setLocalError] = useState<string | undefined>();

  const send = useMutation({
    mutationFn: async () => {
      const report = await createReport(target.taskId, { occurrenceId: target.occurrenceId, status, percent, text: text.trim() });
      for (const f of files) {
        setProgress({ name: f.name, pct: 0 });
        try {
          await uploadReportEvidence(report.id, f, (x) => setProgress({ name: f.name, pct: Math.round(x * 100) }));
        } catch (e) {
          notifyError(new Error(`${t('plans.report.evidenceFailed', { name: f.name })}: ${errorMessage(e)}`));
        }
      }
      setProgress(null);
      return report;
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: planKeys.all });
      notifySuccess(t('plans.report.sent', { ref: target.ref }));
      onClose();
    },
    onSettled: () => setProgress(null),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (status === 'done' && percent !== 100) {
      setLocalError(t('plans.report.percentDone'));
      return;
    }
    setLocalError(undefined);
    send.mutate();
  };

  return (
    <form onSubmit={submit} noValidate data-testid="report-form">
      <Stack gap="sm">
        <Text size="sm">{target.work}</Text>
        <Text size="xs" c="dimmed">
          {target.period === 'once'
            ? `${t('plans.col.dueDate')} ${formatDate(target.dueDate)}`
            : t('plans.report.period', { period: target.period, due: formatDate(target.dueDate) })}
        </Text>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('plans.report.status')}
          </Text>
          <SegmentedControl
            value={status}
            onChange={(s) => {
              setStatus(s as ReportStatus);
              if (s === 'done') setPercent(100);
            }}
            data={REPORT_STATUSES.map((s) => ({ value: s, label: t(`plans.reportStatus.${s}`) }))}
            fullWidth
            orientation="horizontal"
            style={{ flexWrap: 'wrap' }}
            data-testid="report-status"
          />
        </Stack>
        <Stack gap={4}>
          <Group justify="space-between" align="flex-end" wrap="nowrap">
            <Text size="sm" fw={500}>
              {t('plans.report.percent')}
            </Text>
            <NumberInput
              aria-label={t('plans.report.percent')}
              value={percent}
              onChange={(n) => setPercent(typeof n === 'number' ? n : 0)}
              min={0}
              max={100}
              clampBehavior="none"
              allowDecimal={false}
              w={90}
              suffix="%"
              error={localError ?? fieldError(send.error, 'percent')}
              data-testid="report-percent"
            />
          </Group>
          <Slider
            value={Math.min(100, Math.max(0, percent))}
            onChange={setPercent}
            min={0}
            max={100}
            step={5}
            marks={[{ value: 0 }, { value: 25 }, { value: 50 }, { value: 75 }, { value: 100 }]}
            label={(x) => `${x}%`}
            aria-label={t('plans.report.percent')}
          />
        </Stack>
        <Textarea
          label={t('plans.report.text')}
          placeholder={t('plans.report.textPlaceholder')}
          autosize
          minRows={3}
          maxRows={10}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          data-testid="report-text"
        />
        <Stack gap={4}>
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Button component="label" htmlFor={fileId} variant="default" leftSection={<IconPaperclip size={16} />} style={{ flexShrink: 0 }}>
              {t('plans.report.evidence')}
            </Button>
            <input
              id={fileId}
              type="file"
              multiple
              hidden
              accept=".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods"
              onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])}
              data-testid="report-evidence"
            />
            <Text size="sm" truncate>
              {files.map((f) => f.name).join(', ')}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {t('plans.report.evidenceHint')}
          </Text>
          {progress ? (
            <Stack gap={2}>
              <Text size="xs">{progress.name}</Text>
              <Progress value={progress.pct} animated striped />
            </Stack>
          ) : null}
        </Stack>
        {send.isError ? <ErrorAlert error={send.error} testId="report-error" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={send.isPending} data-testid="report-submit">
            {t('plans.report.submit')}
          </Button>
        </Group>
        <Text size="sm" fw={600} mt="sm">
          {t('plans.task.history')}
        </Text>
        <ReportHistory taskId={target.taskId} />
      </Stack>
    </form>
  );
}

export function ReportModal({ target, onClose }: { target: ReportTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={target !== null} onClose={onClose} title={target ? t('plans.report.title', { ref: target.ref }) : ''} size="lg">
      {target ? <ReportForm target={target} onClose={onClose} /> : null}
    </Modal>
  );
}
