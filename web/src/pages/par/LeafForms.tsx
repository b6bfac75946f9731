// The score controls of one leaf, one per step of the process: self-score (unit), appraisal (appraiser),
// explanation (unit), re-appraisal (appraiser).

import { Alert, Button, Group, NumberInput, Radio, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { IconArrowBackUp, IconCheck, IconDeviceFloppy, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  type FrameworkNode,
  type LeafScore,
  parKeys,
  type ScoringMethod,
  saveAppraisal,
  saveDerived,
  saveExplanation,
  saveReappraisal,
  saveSelfScore,
} from '../../api/par';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { fieldError } from '../units/hooks';
import {
  decimalSeparator,
  effectiveMethod,
  fmt2,
  fmtNum,
  initialInput,
  inputKind,
  leafBounds,
  type MethodInput,
  parseDecimal,
  previewPoints,
  toApiInput,
  toApiPoints,
} from './shared';

/** A mutation on one leaf: refreshes the assessment and the leaf's history; a stale version reloads the data. */
function useLeafMutation<T>(assessmentId: string, code: string, fn: (v: T) => Promise<unknown>, onSaved?: () => void) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: parKeys.assessment(assessmentId) }),
        qc.invalidateQueries({ queryKey: parKeys.history(assessmentId, code) }),
      ]);
      notifySuccess(t('par.leaf.saved', { code }));
      onSaved?.();
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.code === 'par_stale') {
        notifyError(err);
        await qc.invalidateQueries({ queryKey: parKeys.assessment(assessmentId) });
      }
    },
  });
}

function isStale(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'par_stale';
}

function PointsInput({
  node,
  value,
  onChange,
  label,
  error,
  testId,
  autoFocus,
}: {
  node: FrameworkNode;
  value: string | number;
  onChange: (v: string | number) => void;
  label: string;
  error?: string;
  testId: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const b = leafBounds(node);
  return (
    <NumberInput
      label={label}
      description={t('par.leaf.range', { min: fmt2(b.min), max: fmt2(b.max) })}
      value={value}
      onChange={onChange}
      decimalSeparator={decimalSeparator()}
      decimalScale={2}
      min={b.min}
      max={b.max}
      step={0.25}
      allowNegative={b.min < 0}
      clampBehavior="none"
      inputMode="decimal"
      error={error}
      w={{ base: '100%', xs: 220 }}
      data-testid={testId}
      data-autofocus={autoFocus || undefined}
    />
  );
}

/** The self-score input for the leaf's method; returns the input and whether it is complete. */
function MethodControl({
  node,
  method,
  value,
  onChange,
  error,
}: {
  node: FrameworkNode;
  method: ScoringMethod;
  value: MethodInput;
  onChange: (v: MethodInput) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  switch (value.kind) {
    case 'level':
      return method.type === 'levels' ? (
        <Radio.Group
          label={t('par.leaf.pickLevel')}
          value={value.level === null ? '' : String(value.level)}
          onChange={(v) => onChange({ kind: 'level', level: v === '' ? null : Number(v) })}
          error={error}
        >
          <Stack gap={6} mt={6}>
            {method.levels.map((l, i) => (
              <Radio
                // biome-ignore lint/suspicious/noArrayIndexKey: levels are addressed by position
                key={i}
                value={String(i)}
                label={
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">{l.label}</Text>
                    <Text size="sm" c="dimmed" className="par-num">
                      ({t('par.leaf.pointsShort', { points: fmt2(l.points) })})
                    </Text>
                  </Group>
                }
                data-testid={`level-${i}`}
              />
            ))}
          </Stack>
        </Radio.Group>
      ) : null;
    case 'percent':
      return (
        <NumberInput
          label={t('par.leaf.percent')}
          description={
            method.type === 'proportional' ? t('par.leaf.percentHintTarget', { target: fmtNum(method.targetPercent ?? 100) }) : t('par.leaf.percentHint')
          }
          value={value.percent ?? ''}
          onChange={(v) => onChange({ kind: 'percent', percent: parseDecimal(v) })}
          decimalSeparator={decimalSeparator()}
          decimalScale={4}
          min={0}
          max={1000}
          allowNegative={false}
          rightSection={<Text size="sm">%</Text>}
          inputMode="decimal"
          error={error}
          w={{ base: '100%', xs: 300 }}
          data-testid="leaf-points"
        />
      );
    case 'count':
      return (
        <NumberInput
          label={method.type === 'deduction' ? t('par.leaf.countDeduction') : t('par.leaf.count')}
          value={value.count ?? ''}
          onChange={(v) => onChange({ kind: 'count', count: parseDecimal(v) })}
          allowDecimal={false}
          allowNegative={false}
          min={0}
          inputMode="numeric"
          error={error}
          w={{ base: '100%', xs: 220 }}
          data-testid="leaf-points"
        />
      );
    case 'yes':
      return (
        <Radio.Group
          label={t('par.leaf.yesNo')}
          value={value.yes === null ? '' : value.yes ? 'yes' : 'no'}
          onChange={(v) => onChange({ kind: 'yes', yes: v === '' ? null : v === 'yes' })}
          error={error}
        >
          <Group gap="lg" mt={6}>
            <Radio value="yes" label={`${t('common.yes')} (${t('par.leaf.pointsShort', { points: fmt2(node.maxPoints) })})`} data-testid="bool-yes" />
            <Radio value="no" label={`${t('common.no')} (${t('par.leaf.pointsShort', { points: fmt2(0) })})`} data-testid="bool-no" />
          </Group>
        </Radio.Group>
      );
    case 'points':
      return (
        <PointsInput
          node={node}
          label={t('par.leaf.points')}
          value={value.points ?? ''}
          onChange={(v) => onChange({ kind: 'points', points: parseDecimal(v) })}
          error={error}
          testId="leaf-points"
        />
      );
  }
}

/** How the unit's self-score was entered, in words ("Mức: Ban hành kịp thời", "Tỷ lệ: 85,00%"…). */
export function describeSelfInput(
  t: (
    k: 'par.leaf.inputLevel' | 'par.leaf.inputPercent' | 'par.leaf.inputCount' | 'par.leaf.inputYes' | 'par.leaf.inputNo',
    o?: Record<string, string>,
  ) => string,
  node: FrameworkNode,
  score: LeafScore | undefined,
): string | null {
  if (!score?.selfInput) return null;
  const m = effectiveMethod(node);
  const v = initialInput(m, score);
  switch (v.kind) {
    case 'level':
      return m.type === 'levels' && v.level !== null && m.levels[v.level] ? t('par.leaf.inputLevel', { level: m.levels[v.level].label }) : null;
    case 'percent':
      return v.percent === null ? null : t('par.leaf.inputPercent', { percent: fmtNum(v.percent) });
    case 'count':
      return v.count === null ? null : t('par.leaf.inputCount', { n: String(v.count) });
    case 'yes':
      return v.yes === null ? null : v.yes ? t('par.leaf.inputYes') : t('par.leaf.inputNo');
    default:
      return null;
  }
}

// ---- self-score ----

export function SelfScoreForm({
  assessmentId,
  node,
  score,
  onSavedNext,
}: {
  assessmentId: string;
  node: FrameworkNode;
  score: LeafScore | undefined;
  onSavedNext: () => void;
}) {
  const { t } = useTranslation();
  const method = effectiveMethod(node);
  const kind = inputKind(method);
  const [value, setValue] = useState<MethodInput>(() => initialInput(method, score));
  const [note, setNote] = useState(score?.selfNote ?? '');
  const [goNext, setGoNext] = useState(false);
  const [localError, setLocalError] = useState<string | undefined>();
  const mutation = useLeafMutation(
    assessmentId,
    node.code,
    (body: Parameters<typeof saveSelfScore>[2]) => saveSelfScore(assessmentId, node.code, body),
    () => {
      if (goNext) onSavedNext();
    },
  );

  if (kind === 'readonly') return null;
  const preview = previewPoints(node, method, value);

  const submit = (next: boolean) => {
    if (preview === null) {
      setLocalError(t('par.leaf.inputRequired'));
      return;
    }
    setLocalError(undefined);
    setGoNext(next);
    const input = toApiInput(value);
    mutation.mutate({
      ...(input ? { input } : { points: toApiPoints(preview) }),
      note: note.trim() ? note.trim() : null,
      version: score?.version ?? 1,
    });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit(false);
  };
  const serverError = fieldError(mutation.error, 'points') ?? fieldError(mutation.error, 'input');

  return (
    <form onSubmit={onSubmit} noValidate data-testid="self-score-form">
      <Stack gap="sm">
        <MethodControl node={node} method={method} value={value} onChange={setValue} error={localError ?? serverError} />
        {kind !== 'points' ? (
          <Text size="sm" data-testid="leaf-computed">
            {t('par.leaf.computed')}:{' '}
            <Text span fw={700} className="par-num">
              {preview === null ? '—' : `${fmt2(preview)} / ${fmt2(node.maxPoints)}`}
            </Text>
          </Text>
        ) : null}
        <Textarea
          label={t('par.leaf.note')}
          placeholder={t('par.leaf.notePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={4000}
          data-testid="leaf-note"
        />
        {mutation.isError && !serverError && !isStale(mutation.error) ? <ErrorAlert error={mutation.error} /> : null}
        <Group gap="xs">
          <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={mutation.isPending && !goNext} data-testid="leaf-save">
            {t('common.save')}
          </Button>
          <Button variant="light" onClick={() => submit(true)} loading={mutation.isPending && goNext} data-testid="leaf-save-next">
            {t('par.leaf.saveNext')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---- appraisal ----

export function AppraisalForm({ assessmentId, node, score }: { assessmentId: string; node: FrameworkNode; score: LeafScore | undefined }) {
  const { t } = useTranslation();
  const self = parseDecimal(score?.selfPoints ?? null);
  const [points, setPoints] = useState<string | number>(parseDecimal(score?.appraisedPoints ?? null) ?? self ?? '');
  const [reason, setReason] = useState(score?.appraisalReason ?? '');
  const [touched, setTouched] = useState(false);
  const mutation = useLeafMutation(assessmentId, node.code, (body: Parameters<typeof saveAppraisal>[2]) => saveAppraisal(assessmentId, node.code, body));
  const p = parseDecimal(points);
  const differs = p !== null && (self === null || Math.round(p * 100) !== Math.round(self * 100));
  const reasonMissing = differs && !reason.trim();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (p === null || reasonMissing) return;
    mutation.mutate({ points: toApiPoints(p), reason: reason.trim() || null, version: score?.version ?? 1 });
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="appraisal-form">
      <Stack gap="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <PointsInput
            node={node}
            label={t('par.leaf.appraisedPoints')}
            value={points}
            onChange={setPoints}
            error={touched && p === null ? t('par.leaf.inputRequired') : fieldError(mutation.error, 'points')}
            testId="appraisal-points"
          />
          {self !== null ? (
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconArrowBackUp size={14} />}
              onClick={() => setPoints(self)}
              disabled={!differs}
              data-testid="appraisal-keep-self"
              mb={4}
            >
              {t('par.leaf.keepSelf', { points: fmt2(self) })}
            </Button>
          ) : null}
        </Group>
        <Textarea
          label={t('par.leaf.appraisalReason')}
          description={differs ? t('par.leaf.reasonRequiredHint') : t('par.leaf.reasonOptionalHint')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required={differs}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={4000}
          error={touched && reasonMissing ? t('par.leaf.reasonRequired') : fieldError(mutation.error, 'reason')}
          data-testid="appraisal-reason"
        />
        {mutation.isError && !fieldError(mutation.error, 'points') && !fieldError(mutation.error, 'reason') && !isStale(mutation.error) ? (
          <ErrorAlert error={mutation.error} />
        ) : null}
        <Group>
          <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={mutation.isPending} data-testid="appraisal-save">
            {t('par.leaf.saveAppraisal')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---- explanation ----

export function ExplanationForm({ assessmentId, node, score }: { assessmentId: string; node: FrameworkNode; score: LeafScore | undefined }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'accepted' | 'disputed'>(score?.explanationStatus ?? 'accepted');
  const [text, setText] = useState(score?.explanationText ?? '');
  const [touched, setTouched] = useState(false);
  const mutation = useLeafMutation(assessmentId, node.code, (body: Parameters<typeof saveExplanation>[2]) => saveExplanation(assessmentId, node.code, body));
  const textMissing = status === 'disputed' && !text.trim();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (textMissing) return;
    mutation.mutate({ status, text: text.trim() || null, version: score?.version ?? 1 });
  };
  return (
    <form onSubmit={onSubmit} noValidate data-testid="explanation-form">
      <Stack gap="sm">
        <SegmentedControl
          value={status}
          onChange={(v) => setStatus(v === 'disputed' ? 'disputed' : 'accepted')}
          data={[
            { value: 'accepted', label: <span data-testid="explanation-accept">{t('par.leaf.accept')}</span> },
            { value: 'disputed', label: <span data-testid="explanation-dispute">{t('par.leaf.dispute')}</span> },
          ]}
          color={status === 'disputed' ? 'grape' : 'teal'}
          fullWidth
          aria-label={t('par.leaf.explanation')}
        />
        <Textarea
          label={status === 'disputed' ? t('par.leaf.disputeText') : t('par.leaf.explanationText')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          required={status === 'disputed'}
          autosize
          minRows={3}
          maxRows={10}
          maxLength={4000}
          error={touched && textMissing ? t('par.leaf.reasonRequired') : fieldError(mutation.error, 'text')}
          data-testid="explanation-text"
        />
        {status === 'disputed' ? (
          <Alert variant="light" color="grape" icon={<IconInfoCircle size={18} />} p="xs">
            <Text size="xs">{t('par.leaf.disputeEvidenceHint')}</Text>
          </Alert>
        ) : null}
        {mutation.isError && !fieldError(mutation.error, 'text') && !isStale(mutation.error) ? <ErrorAlert error={mutation.error} /> : null}
        <Group>
          <Button type="submit" leftSection={<IconCheck size={16} />} loading={mutation.isPending} data-testid="explanation-save">
            {t('par.leaf.saveExplanation')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---- re-appraisal ----

export function ReappraisalForm({ assessmentId, node, score }: { assessmentId: string; node: FrameworkNode; score: LeafScore | undefined }) {
  const { t } = useTranslation();
  const start = parseDecimal(score?.reappraisedPoints ?? null) ?? parseDecimal(score?.appraisedPoints ?? null) ?? '';
  const [points, setPoints] = useState<string | number>(start);
  const [reason, setReason] = useState(score?.reappraisalReason ?? '');
  const [touched, setTouched] = useState(false);
  const mutation = useLeafMutation(assessmentId, node.code, (body: Parameters<typeof saveReappraisal>[2]) => saveReappraisal(assessmentId, node.code, body));
  const p = parseDecimal(points);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (p === null || !reason.trim()) return;
    mutation.mutate({ points: toApiPoints(p), reason: reason.trim(), version: score?.version ?? 1 });
  };
  return (
    <form onSubmit={onSubmit} noValidate data-testid="reappraisal-form">
      <Stack gap="sm">
        <PointsInput
          node={node}
          label={t('par.leaf.reappraisedPoints')}
          value={points}
          onChange={setPoints}
          error={touched && p === null ? t('par.leaf.inputRequired') : fieldError(mutation.error, 'points')}
          testId="reappraisal-points"
        />
        <Textarea
          label={t('par.leaf.reappraisalReason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required
          autosize
          minRows={2}
          maxRows={8}
          maxLength={4000}
          error={touched && !reason.trim() ? t('par.leaf.reasonRequired') : fieldError(mutation.error, 'reason')}
          data-testid="reappraisal-reason"
        />
        {mutation.isError && !fieldError(mutation.error, 'points') && !fieldError(mutation.error, 'reason') && !isStale(mutation.error) ? (
          <ErrorAlert error={mutation.error} />
        ) : null}
        <Group>
          <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={mutation.isPending} data-testid="reappraisal-save">
            {t('par.leaf.saveReappraisal')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---- survey / data points (PAR office) ----

export function DerivedForm({ assessmentId, node, score }: { assessmentId: string; node: FrameworkNode; score: LeafScore | undefined }) {
  const { t } = useTranslation();
  const [points, setPoints] = useState<string | number>(parseDecimal(score?.appraisedPoints ?? null) ?? '');
  const [source, setSource] = useState(score?.appraisalReason ?? '');
  const [touched, setTouched] = useState(false);
  const mutation = useLeafMutation(assessmentId, node.code, (body: Parameters<typeof saveDerived>[2]) => saveDerived(assessmentId, node.code, body));
  const p = parseDecimal(points);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (p === null || !source.trim()) return;
    mutation.mutate({ points: toApiPoints(p), source: source.trim(), version: score?.version ?? 1 });
  };
  return (
    <form onSubmit={onSubmit} noValidate data-testid="derived-form">
      <Stack gap="sm">
        <PointsInput
          node={node}
          label={t('par.leaf.derivedInput')}
          value={points}
          onChange={setPoints}
          error={touched && p === null ? t('par.leaf.inputRequired') : fieldError(mutation.error, 'points')}
          testId="derived-points"
        />
        <Textarea
          label={t('par.leaf.derivedSource')}
          placeholder={t('par.leaf.derivedSourcePlaceholder')}
          value={source}
          onChange={(e) => setSource(e.currentTarget.value)}
          required
          autosize
          minRows={2}
          maxRows={6}
          maxLength={500}
          error={touched && !source.trim() ? t('par.leaf.derivedSourceRequired') : fieldError(mutation.error, 'source')}
          data-testid="derived-source"
        />
        {mutation.isError && !fieldError(mutation.error, 'points') && !fieldError(mutation.error, 'source') && !isStale(mutation.error) ? (
          <ErrorAlert error={mutation.error} />
        ) : null}
        <Group>
          <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={mutation.isPending} data-testid="derived-save">
            {t('par.leaf.derivedSave')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
