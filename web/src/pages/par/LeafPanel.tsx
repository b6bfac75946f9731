import { Alert, Badge, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBook, IconDatabase, IconInfoCircle, IconUsersGroup } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Evidence, FrameworkNode, LeafScore } from '../../api/par';
import { OpenRemedialTasks } from '../plans/remedial';
import { EvidencePanel } from './EvidencePanel';
import { AppraisalForm, DerivedForm, describeSelfInput, ExplanationForm, ReappraisalForm, SelfScoreForm } from './LeafForms';
import { LeafHistory } from './LeafHistory';
import { describeNodeMethod } from './methodText';
import { fmt2, parseDecimal } from './shared';

/** What the current user may do on this assessment right now (from the server's `can`: stage × status × scope × assignment). */
export interface Caps {
  selfEdit: boolean;
  uploadEvidence: boolean;
  submit: boolean;
  appraise: boolean;
  returnable: boolean;
  explain: boolean;
  reappraise: boolean;
  finalise: boolean;
  reopen: boolean;
  setDerived: boolean;
}

export type LeafMode = 'self' | 'appraise' | 'explain' | 'reappraise' | 'derived' | 'view';

export function leafMode(caps: Caps, node: FrameworkNode, score: LeafScore | undefined): LeafMode {
  const selfSourced = node.source === 'self';
  if (caps.setDerived && !selfSourced) return 'derived';
  if (caps.selfEdit && selfSourced) return 'self';
  if (caps.appraise && selfSourced) return 'appraise';
  if (caps.explain) return 'explain';
  if (caps.reappraise && selfSourced && score?.explanationStatus === 'disputed') return 'reappraise';
  return 'view';
}

function Row({ label, points, children, testId }: { label: string; points: string | null | undefined; children?: ReactNode; testId: string }) {
  return (
    <Stack gap={2} py={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }} data-testid={testId}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" c="dimmed">
          {label}
        </Text>
        {points === undefined ? null : (
          <Text size="sm" fw={700} className="par-num">
            {fmt2(points)}
          </Text>
        )}
      </Group>
      {children}
    </Stack>
  );
}

/** Every value the leaf has had so far: self, appraisal, explanation, re-appraisal, final. */
export function ScoreSummary({ node, score }: { node: FrameworkNode; score: LeafScore | undefined }) {
  const { t } = useTranslation();
  const s = score;
  const input = describeSelfInput(t, node, s);
  const self = node.source === 'self';
  return (
    <Stack gap={0} data-testid="score-summary">
      {self ? (
        <Row label={t('par.leaf.selfScore')} points={s?.selfPoints ?? null} testId="summary-self">
          {input ? <Text size="sm">{input}</Text> : null}
          {s?.selfNote ? (
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              {s.selfNote}
            </Text>
          ) : null}
          {!s?.selfPoints ? (
            <Text size="sm" c="dimmed">
              {t('par.leaf.notScored')}
            </Text>
          ) : null}
        </Row>
      ) : null}
      {s?.appraisedPoints != null || !self ? (
        <Row
          label={self ? t('par.leaf.appraisedPoints') : t(`par.leaf.derivedPoints.${node.source === 'survey' ? 'survey' : 'data'}`)}
          points={s?.appraisedPoints ?? null}
          testId="summary-appraisal"
        >
          {s?.appraisalReason ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid={self ? undefined : 'summary-derived-source'}>
              {self ? s.appraisalReason : t('par.leaf.derivedSourceNote', { source: s.appraisalReason })}
            </Text>
          ) : null}
          {self && s?.selfPoints != null && s.appraisedPoints != null && parseDecimal(s.selfPoints) !== parseDecimal(s.appraisedPoints) ? (
            <Badge size="xs" color="orange" variant="light">
              {t('par.leaf.differsShort')}
            </Badge>
          ) : null}
        </Row>
      ) : null}
      {s?.explanationStatus ? (
        <Row label={t('par.leaf.explanation')} points={undefined} testId="summary-explanation">
          <Badge size="sm" variant="light" color={s.explanationStatus === 'disputed' ? 'grape' : 'teal'}>
            {s.explanationStatus === 'disputed' ? t('par.leaf.dispute') : t('par.leaf.accept')}
          </Badge>
          {s.explanationText ? (
            <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
              {s.explanationText}
            </Text>
          ) : null}
        </Row>
      ) : null}
      {s?.reappraisedPoints != null ? (
        <Row label={t('par.leaf.reappraisedPoints')} points={s.reappraisedPoints} testId="summary-reappraisal">
          {s.reappraisalReason ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {s.reappraisalReason}
            </Text>
          ) : null}
        </Row>
      ) : null}
      {s?.finalPoints != null ? <Row label={t('par.leaf.finalPoints')} points={s.finalPoints} testId="summary-final" /> : null}
    </Stack>
  );
}

function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper p="sm" data-testid={testId}>
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {title}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}

export function LeafPanel({
  assessmentId,
  node,
  path,
  score,
  evidence,
  caps,
  onNext,
}: {
  assessmentId: string;
  node: FrameworkNode;
  /** Titles of the ancestors, area first. */
  path: string[];
  score: LeafScore | undefined;
  evidence: readonly Evidence[];
  caps: Caps;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const mode = leafMode(caps, node, score);
  const formKey = `${node.code}:${score?.version ?? 0}`;
  const derived = node.source !== 'self';
  const removableStage = mode === 'self' ? 'self' : mode === 'explain' && caps.uploadEvidence ? 'explanation' : null;
  const canUpload = caps.uploadEvidence && (mode === 'self' || mode === 'explain');

  const evidencePanel = (
    <Paper p="sm">
      <EvidencePanel
        assessmentId={assessmentId}
        code={node.code}
        files={evidence}
        canUpload={canUpload}
        removableStage={removableStage}
        evidenceRequired={node.evidenceRequired}
      />
    </Paper>
  );

  let left: ReactNode;
  let right: ReactNode;
  switch (mode) {
    case 'self':
      left = (
        <Card title={t('par.leaf.selfScoreTitle')} testId="leaf-score-card">
          <SelfScoreForm key={formKey} assessmentId={assessmentId} node={node} score={score} onSavedNext={onNext} />
        </Card>
      );
      right = evidencePanel;
      break;
    case 'appraise':
      left = (
        <Stack gap="sm">
          <Card title={t('par.leaf.unitSelfScore')}>
            <ScoreSummary node={node} score={score} />
          </Card>
          {evidencePanel}
        </Stack>
      );
      right = (
        <Card title={t('par.leaf.appraisalTitle')} testId="leaf-appraisal-card">
          <AppraisalForm key={formKey} assessmentId={assessmentId} node={node} score={score} />
        </Card>
      );
      break;
    case 'reappraise':
      left = (
        <Stack gap="sm">
          <Card title={t('par.leaf.scoresSoFar')}>
            <ScoreSummary node={node} score={score} />
          </Card>
          {evidencePanel}
        </Stack>
      );
      right = (
        <Card title={t('par.leaf.reappraisalTitle')} testId="leaf-reappraisal-card">
          <ReappraisalForm key={formKey} assessmentId={assessmentId} node={node} score={score} />
        </Card>
      );
      break;
    case 'derived':
      left = (
        <Card title={t('par.leaf.derivedTitle')} testId="leaf-derived-card">
          <DerivedForm key={formKey} assessmentId={assessmentId} node={node} score={score} />
        </Card>
      );
      right = (
        <Card title={t('par.leaf.scoresSoFar')}>
          <ScoreSummary node={node} score={score} />
        </Card>
      );
      break;
    case 'explain':
      left = (
        <Stack gap="sm">
          <Card title={t('par.leaf.scoresSoFar')}>
            <ScoreSummary node={node} score={score} />
          </Card>
          <Card title={t('par.leaf.explanationTitle')} testId="leaf-explanation-card">
            <ExplanationForm key={formKey} assessmentId={assessmentId} node={node} score={score} />
          </Card>
        </Stack>
      );
      right = evidencePanel;
      break;
    default:
      left = (
        <Card title={t('par.leaf.scoresSoFar')}>
          <ScoreSummary node={node} score={score} />
          {caps.reappraise && node.source === 'self' ? (
            <Text size="xs" c="dimmed">
              {t('par.leaf.reappraiseOnlyDisputed')}
            </Text>
          ) : null}
        </Card>
      );
      right = evidencePanel;
  }

  return (
    <Stack gap="sm" data-testid="leaf-panel" data-code={node.code}>
      <Paper p="sm">
        <Stack gap={6}>
          {path.length > 0 ? (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {path.join(' › ')}
            </Text>
          ) : null}
          <Group justify="space-between" align="flex-start" gap="xs">
            <Title order={3} size="h4" style={{ lineHeight: 1.35, flex: '1 1 260px' }} data-testid="leaf-title">
              <Text span ff="monospace" c="dimmed" fw={600} mr={6}>
                {node.code}
              </Text>
              {node.title}
            </Title>
            <Badge
              size="lg"
              variant="light"
              color={node.kind === 'penalty' ? 'red' : node.kind === 'bonus' ? 'green' : 'blue'}
              style={{ flex: 'none' }}
              className="par-num"
            >
              {node.kind === 'penalty' ? t('par.leaf.penaltyMax', { max: fmt2(node.maxPoints) }) : t('par.leaf.maxPoints', { max: fmt2(node.maxPoints) })}
            </Badge>
          </Group>
          <Group gap={6}>
            {node.kind !== 'normal' ? (
              <Badge size="sm" variant="outline" color={node.kind === 'bonus' ? 'green' : 'red'}>
                {t(`par.kind.${node.kind}`)}
              </Badge>
            ) : null}
            <Badge size="sm" variant="outline" color="gray">
              {t(`par.source.${node.source}`)}
            </Badge>
            <Text size="xs" c="dimmed">
              {describeNodeMethod(t, node)}
            </Text>
          </Group>
          {node.guidance ? (
            <Alert variant="light" color="blue" icon={<IconBook size={18} />} title={t('par.leaf.guidance')} p="xs" data-testid="leaf-guidance">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {node.guidance}
              </Text>
            </Alert>
          ) : null}
          {derived ? (
            <Alert
              variant="light"
              color="gray"
              icon={node.source === 'survey' ? <IconUsersGroup size={18} /> : <IconDatabase size={18} />}
              p="xs"
              data-testid="leaf-derived"
            >
              <Text size="sm">{node.source === 'survey' ? t('par.leaf.surveyReadonly') : t('par.leaf.dataReadonly')}</Text>
            </Alert>
          ) : null}
          {mode === 'view' && !derived && (caps.selfEdit || caps.appraise) ? (
            <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />} p="xs">
              <Text size="sm">{t('par.leaf.readonly')}</Text>
            </Alert>
          ) : null}
        </Stack>
      </Paper>

      <Grid gap="sm">
        <Grid.Col span={{ base: 12, lg: 6 }}>{left}</Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>{right}</Grid.Col>
      </Grid>

      <OpenRemedialTasks assessmentId={assessmentId} code={node.code} />

      <Card title={t('par.history.title')} testId="leaf-history-card">
        <LeafHistory assessmentId={assessmentId} code={node.code} />
      </Card>
    </Stack>
  );
}
