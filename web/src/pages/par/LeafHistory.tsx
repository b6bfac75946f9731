import { Center, Loader, Text, Timeline } from '@mantine/core';
import { IconCheck, IconFileCheck, IconGavel, IconMessage, IconPaperclip, IconPencil, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchLeafHistory, type HistoryEntry, parKeys } from '../../api/par';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../i18n/format';
import { fmt2 } from './shared';

const STAGES = ['self', 'appraisal', 'explanation', 'reappraisal', 'final', 'correction', 'data', 'survey'] as const;
type HistoryStage = (typeof STAGES)[number];

function isStage(s: string): s is HistoryStage {
  return (STAGES as readonly string[]).includes(s);
}

function icon(e: HistoryEntry) {
  if (e.evidenceDelta) return <IconPaperclip size={12} />;
  switch (e.stage) {
    case 'self':
      return <IconPencil size={12} />;
    case 'appraisal':
      return <IconFileCheck size={12} />;
    case 'explanation':
      return <IconMessage size={12} />;
    case 'reappraisal':
      return <IconRefresh size={12} />;
    case 'final':
      return <IconGavel size={12} />;
    default:
      return <IconCheck size={12} />;
  }
}

/** The leaf's history: self → appraisal → explanation → re-appraisal → final, with who, when, why and evidence. */
export function LeafHistory({ assessmentId, code }: { assessmentId: string; code: string }) {
  const { t } = useTranslation();
  const history = useQuery({ queryKey: parKeys.history(assessmentId, code), queryFn: () => fetchLeafHistory(assessmentId, code) });
  if (history.isPending)
    return (
      <Center h={60}>
        <Loader size="xs" />
      </Center>
    );
  if (history.isError) return <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="history-empty">
        {t('par.history.empty')}
      </Text>
    );
  const items = [...history.data].reverse(); // newest first
  return (
    <Timeline bulletSize={20} lineWidth={2} data-testid="leaf-history" active={items.length}>
      {items.map((e, i) => {
        const added = e.evidenceDelta?.added ?? [];
        const removed = e.evidenceDelta?.removed ?? [];
        return (
          <Timeline.Item
            key={e.id ?? i}
            bullet={icon(e)}
            title={
              <Text size="sm" fw={600}>
                {isStage(e.stage) ? t(`par.history.stage.${e.stage}`) : e.stage}
                {e.points !== null ? ` · ${t('par.leaf.pointsShort', { points: fmt2(e.points) })}` : ''}
              </Text>
            }
          >
            {e.reason ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {e.reason === 'accepted' ? t('par.leaf.accept') : e.reason === 'disputed' ? t('par.leaf.dispute') : e.reason}
              </Text>
            ) : null}
            {added.map((f) => (
              <Text key={`a${f.id}`} size="xs" c="green.8">
                + {f.name}
              </Text>
            ))}
            {removed.map((f) => (
              <Text key={`r${f.id}`} size="xs" c="red.8" td="line-through">
                {f.name}
              </Text>
            ))}
            <Text size="xs" c="dimmed">
              {e.actorName ?? '—'} · {formatDateTime(e.at)}
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
