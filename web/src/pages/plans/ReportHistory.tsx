// The progress reports of a task, newest first: period, status, percent, text, evidence, who and when.

import { Anchor, Center, Group, Loader, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../i18n/format';
import { fmtSize } from '../par/shared';
import { evidenceUrl, fetchReports, planKeys } from './api';
import { ReportStatusBadge } from './shared';

export function ReportHistory({ taskId }: { taskId: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: planKeys.reports(taskId), queryFn: () => fetchReports(taskId) });
  if (q.isPending)
    return (
      <Center h={80}>
        <Loader size="sm" />
      </Center>
    );
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('plans.report.historyEmpty')}
      </Text>
    );
  const items = [...q.data].sort((a, b) => b.reportedAt.localeCompare(a.reportedAt));
  return (
    <Stack gap="xs" data-testid="report-history">
      {items.map((r) => (
        <Paper key={r.id} withBorder p="xs" data-testid="report-entry">
          <Group justify="space-between" gap={6} wrap="wrap">
            <Group gap={6}>
              <Text size="sm" fw={600}>
                {r.period === 'once' ? '' : r.period}
              </Text>
              <ReportStatusBadge status={r.status} size="sm" />
              <Text size="sm" className="par-num">
                {r.percent}%
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              {t('plans.report.by', { who: r.reportedBy, at: formatDateTime(r.reportedAt) })}
            </Text>
          </Group>
          <Progress value={r.percent} size="xs" mt={4} color={r.status === 'done' ? 'green' : r.status === 'blocked' ? 'orange' : 'blue'} />
          {r.text ? (
            <Text size="sm" mt={6} style={{ whiteSpace: 'pre-wrap' }}>
              {r.text}
            </Text>
          ) : null}
          {r.evidence.length > 0 ? (
            <Stack gap={2} mt={6}>
              {r.evidence.map((e) => (
                <Anchor key={e.id} href={evidenceUrl(e.id)} size="xs" target="_blank" rel="noopener">
                  <Group gap={4} wrap="nowrap">
                    <IconPaperclip size={12} />
                    <span>
                      {e.name} ({fmtSize(e.size)})
                    </span>
                  </Group>
                </Anchor>
              ))}
            </Stack>
          ) : null}
        </Paper>
      ))}
    </Stack>
  );
}
