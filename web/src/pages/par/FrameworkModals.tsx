import { Alert, Badge, Button, Center, FileInput, Group, Loader, Modal, NumberInput, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { IconCheck, IconFileSpreadsheet } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  copyFramework,
  createCycle,
  type DiffNode,
  type FrameworkSummary,
  fetchFrameworkDiff,
  importFramework,
  type Purpose,
  parKeys,
  type ScoringMethod,
} from '../../api/par';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { fieldError } from '../units/hooks';
import { describeMethod } from './methodText';
import { fmt2, fmtInt, useGroupName } from './shared';

// ---- import ----

function ImportForm({ purpose, onClose }: { purpose: Purpose; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const mutation = useMutation({
    mutationFn: (f: File) => importFramework(f, purpose),
    onSuccess: async (fw) => {
      await qc.invalidateQueries({ queryKey: parKeys.allFrameworks });
      notifySuccess(t('par.frameworks.imported', { name: fw.name, n: fmtInt(fw.nodes.length) }));
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setFileError(t('units.importFileRequired'));
      return;
    }
    setFileError(undefined);
    mutation.mutate(file);
  };
  return (
    <form onSubmit={onSubmit} noValidate data-testid="framework-import-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('par.frameworks.importHint')}
        </Text>
        <FileInput
          label={t('units.importFile')}
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          leftSection={<IconFileSpreadsheet size={16} />}
          value={file}
          onChange={(f) => {
            setFile(f);
            mutation.reset();
          }}
          clearable
          error={fileError}
          data-testid="framework-import-file"
        />
        {mutation.isError ? <ErrorAlert error={mutation.error} testId="framework-import-error" title={t('par.frameworks.importErrors')} /> : null}
        {mutation.isSuccess ? (
          <Alert color="green" variant="light" icon={<IconCheck size={18} />} data-testid="framework-import-result">
            {t('par.frameworks.imported', { name: mutation.data.name, n: fmtInt(mutation.data.nodes.length) })}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button type="submit" loading={mutation.isPending} data-testid="framework-import-submit">
            {t('units.importSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ImportFrameworkModal({ opened, purpose = 'parIndex', onClose }: { opened: boolean; purpose?: Purpose; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={purpose === 'headEvaluation' ? t('headEval.importTitle') : t('par.frameworks.importTitle')} size="xl">
      {opened ? <ImportForm purpose={purpose} onClose={onClose} /> : null}
    </Modal>
  );
}

// ---- copy to next year ----

function suggestName(name: string, from: number, to: number): string {
  return name.includes(String(from)) ? name.split(String(from)).join(String(to)) : `${name} ${to}`;
}

function CopyForm({ framework, onClose }: { framework: FrameworkSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [year, setYear] = useState<number>(framework.year + 1);
  const [name, setName] = useState(suggestName(framework.name, framework.year, framework.year + 1));
  const mutation = useMutation({
    mutationFn: () => copyFramework(framework.id, { year, name: name.trim() }),
    onSuccess: async (fw) => {
      await qc.invalidateQueries({ queryKey: parKeys.allFrameworks });
      notifySuccess(t('par.frameworks.copied', { name: fw.name }));
      onClose();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate();
      }}
      noValidate
      data-testid="framework-copy-form"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('par.frameworks.copyHint', { name: framework.name })}
        </Text>
        <NumberInput
          label={t('par.frameworks.year')}
          value={year}
          onChange={(v) => {
            const y = typeof v === 'number' ? v : Number(v);
            if (Number.isInteger(y)) {
              setName((n) => suggestName(n, year, y));
              setYear(y);
            }
          }}
          min={2000}
          max={2100}
          allowDecimal={false}
          required
          error={fieldError(mutation.error, 'year')}
          data-testid="framework-copy-year"
        />
        <TextInput
          label={t('par.frameworks.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          error={fieldError(mutation.error, 'name')}
          data-testid="framework-copy-name"
        />
        {mutation.isError && !fieldError(mutation.error, 'name') && !fieldError(mutation.error, 'year') ? <ErrorAlert error={mutation.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending} disabled={!name.trim()} data-testid="framework-copy-submit">
            {t('par.frameworks.copySubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CopyFrameworkModal({ framework, onClose }: { framework: FrameworkSummary | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={!!framework} onClose={onClose} title={t('par.frameworks.copyTitle')}>
      {framework ? <CopyForm key={framework.id} framework={framework} onClose={onClose} /> : null}
    </Modal>
  );
}

// ---- diff ----

const DIFF_FIELDS = ['parentCode', 'title', 'maxPoints', 'source', 'kind', 'method', 'guidance'] as const;
type DiffField = (typeof DIFF_FIELDS)[number];

function isDiffField(f: string): f is DiffField {
  return (DIFF_FIELDS as readonly string[]).includes(f);
}

function DiffValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '')
    return (
      <Text span c="dimmed" size="sm">
        —
      </Text>
    );
  let text: string;
  if (field === 'maxPoints') text = fmt2(value as string);
  else if (field === 'source' && typeof value === 'string') text = t(`par.source.${value as 'self'}`, { defaultValue: value });
  else if (field === 'kind' && typeof value === 'string') text = t(`par.kind.${value as 'normal'}`, { defaultValue: value });
  else if (field === 'method') text = describeMethod(t, value as ScoringMethod);
  else text = typeof value === 'string' ? value : JSON.stringify(value);
  return (
    <Text span size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {text}
    </Text>
  );
}

function NodeTable({ nodes, testId, className }: { nodes: DiffNode[]; testId: string; className: string }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table data-testid={testId} withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={90}>{t('par.tree.code')}</Table.Th>
            <Table.Th>{t('par.tree.title')}</Table.Th>
            <Table.Th w={110} ta="right">
              {t('par.tree.maxPoints')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {nodes.map((n) => (
            <Table.Tr key={n.code} className={className}>
              <Table.Td ff="monospace">{n.code}</Table.Td>
              <Table.Td>{n.title}</Table.Td>
              <Table.Td ta="right">{fmt2(n.maxPoints)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Section({ title, count, color, children }: { title: string; count: number; color: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Badge color={color} variant="light">
          {fmtInt(count)}
        </Badge>
      </Group>
      {count > 0 ? children : null}
    </Stack>
  );
}

function DiffResult({ id, against }: { id: string; against: string }) {
  const { t } = useTranslation();
  const diff = useQuery({ queryKey: parKeys.diff(id, against), queryFn: () => fetchFrameworkDiff(id, against) });
  if (diff.isPending)
    return (
      <Center h={120}>
        <Loader size="sm" />
      </Center>
    );
  if (diff.isError) return <ErrorAlert error={diff.error} onRetry={() => void diff.refetch()} />;
  const d = diff.data;
  return (
    <Stack gap="md" data-testid="framework-diff-result">
      <Text size="sm" c="dimmed">
        {t('par.diff.summary', {
          added: fmtInt(d.added.length),
          removed: fmtInt(d.removed.length),
          changed: fmtInt(d.changed.length),
          unchanged: fmtInt(d.unchanged),
        })}
      </Text>
      <Section title={t('par.diff.added')} count={d.added.length} color="green">
        <NodeTable nodes={d.added} testId="diff-added" className="diff-added" />
      </Section>
      <Section title={t('par.diff.removed')} count={d.removed.length} color="red">
        <NodeTable nodes={d.removed} testId="diff-removed" className="diff-removed" />
      </Section>
      <Section title={t('par.diff.changed')} count={d.changed.length} color="orange">
        <Table.ScrollContainer minWidth={560}>
          <Table data-testid="diff-changed" withTableBorder withColumnBorders>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>{t('par.tree.code')}</Table.Th>
                <Table.Th w={130}>{t('par.diff.field')}</Table.Th>
                <Table.Th>{t('par.diff.before')}</Table.Th>
                <Table.Th>{t('par.diff.after')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.changed.flatMap((c) =>
                c.fields.map((f, i) => (
                  <Table.Tr key={`${c.code}|${f.field}`}>
                    {i === 0 ? (
                      <Table.Td ff="monospace" rowSpan={c.fields.length} style={{ verticalAlign: 'top' }}>
                        {c.code}
                      </Table.Td>
                    ) : null}
                    <Table.Td>{isDiffField(f.field) ? t(`par.diff.fields.${f.field}`) : f.field}</Table.Td>
                    <Table.Td className="diff-removed">
                      <DiffValue field={f.field} value={f.before} />
                    </Table.Td>
                    <Table.Td className="diff-added">
                      <DiffValue field={f.field} value={f.after} />
                    </Table.Td>
                  </Table.Tr>
                )),
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Section>
    </Stack>
  );
}

function defaultAgainst(framework: FrameworkSummary, frameworks: readonly FrameworkSummary[]): string | null {
  if (framework.copiedFromId && frameworks.some((f) => f.id === framework.copiedFromId)) return framework.copiedFromId;
  const older = frameworks
    .filter((f) => f.id !== framework.id && f.groupCode === framework.groupCode && f.year < framework.year)
    .sort((a, b) => b.year - a.year);
  return older[0]?.id ?? null;
}

export function DiffModal({
  framework,
  frameworks,
  onClose,
}: {
  framework: FrameworkSummary | null;
  frameworks: readonly FrameworkSummary[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [against, setAgainst] = useState<string | null>(null);
  const [forId, setForId] = useState<string | null>(null);
  // reset the choice whenever another framework is compared
  if (framework && forId !== framework.id) {
    setForId(framework.id);
    setAgainst(defaultAgainst(framework, frameworks));
  }
  const groupName = useGroupName();
  return (
    <Modal opened={!!framework} onClose={onClose} title={t('par.diff.title', { name: framework?.name ?? '' })} size="xl">
      {framework ? (
        <Stack gap="md">
          <Select
            label={t('par.diff.against')}
            placeholder={t('par.diff.pick')}
            data={frameworks.filter((f) => f.id !== framework.id).map((f) => ({ value: f.id, label: `${f.name} (${f.year}, ${groupName(f.groupCode)})` }))}
            value={against}
            onChange={setAgainst}
            searchable
            data-testid="framework-diff-against"
          />
          {against ? <DiffResult id={framework.id} against={against} /> : null}
        </Stack>
      ) : null}
    </Modal>
  );
}

// ---- open a cycle ----

function CycleForm({
  initialFramework,
  frameworks,
  onClose,
}: {
  initialFramework: FrameworkSummary | null;
  frameworks: readonly FrameworkSummary[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const groupName = useGroupName();
  const defaultName = (f: FrameworkSummary | null) =>
    f ? t(f.purpose === 'headEvaluation' ? 'headEval.defaultCycleName' : 'par.cycles.defaultName', { year: f.year, group: groupName(f.groupCode) }) : '';
  const [frameworkId, setFrameworkId] = useState<string | null>(initialFramework?.id ?? null);
  const [name, setName] = useState(defaultName(initialFramework));
  const [surveyIncluded, setSurveyIncluded] = useState(true);
  const [selfDeadline, setSelfDeadline] = useState<string | null>(null);
  const [appraisalDeadline, setAppraisalDeadline] = useState<string | null>(null);
  const [explanationDeadline, setExplanationDeadline] = useState<string | null>(null);
  const [councilDeadline, setCouncilDeadline] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);

  const ordered = [selfDeadline, appraisalDeadline, explanationDeadline, councilDeadline].filter((d): d is string => !!d);
  const orderError = ordered.some((d, i) => i > 0 && d < ordered[i - 1]) ? t('par.cycles.deadlineOrder') : undefined;

  const mutation = useMutation({
    mutationFn: () =>
      createCycle({
        frameworkId: frameworkId as string,
        name: name.trim(),
        surveyIncluded,
        selfDeadline,
        appraisalDeadline,
        explanationDeadline,
        councilDeadline,
      }),
    onSuccess: async (cycle) => {
      await qc.invalidateQueries({ queryKey: parKeys.all });
      notifySuccess(t('par.cycles.created', { name: cycle.name }));
      onClose();
      navigate(`/par/cycles/${cycle.id}`);
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!frameworkId || !name.trim() || orderError) return;
    mutation.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="cycle-form">
      <Stack gap="sm">
        <Select
          label={t('par.cycles.framework')}
          data={frameworks.map((f) => ({ value: f.id, label: `${f.name} (${f.year})` }))}
          value={frameworkId}
          onChange={(id) => {
            setFrameworkId(id);
            const f = frameworks.find((x) => x.id === id) ?? null;
            if (!name.trim() || name === defaultName(frameworks.find((x) => x.id === frameworkId) ?? null)) setName(defaultName(f));
          }}
          searchable
          required
          error={touched && !frameworkId ? t('common.required') : fieldError(mutation.error, 'frameworkId')}
          data-testid="cycle-framework"
        />
        <TextInput
          label={t('par.cycles.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          error={touched && !name.trim() ? t('common.required') : fieldError(mutation.error, 'name')}
          data-testid="cycle-name"
        />
        {frameworks.find((x) => x.id === frameworkId)?.purpose === 'headEvaluation' ? null : (
          <Switch
            label={t('par.cycles.surveyIncluded')}
            description={t('par.cycles.surveyIncludedHint')}
            checked={surveyIncluded}
            onChange={(e) => setSurveyIncluded(e.currentTarget.checked)}
            data-testid="cycle-survey"
          />
        )}
        <Group grow align="flex-start" gap="sm" wrap="wrap">
          <DateField
            label={t('par.cycles.deadline.self')}
            value={selfDeadline}
            onChange={setSelfDeadline}
            clearable
            miw={160}
            data-testid="cycle-self-deadline"
          />
          <DateField
            label={t('par.cycles.deadline.appraisal')}
            value={appraisalDeadline}
            onChange={setAppraisalDeadline}
            clearable
            miw={160}
            data-testid="cycle-appraisal-deadline"
          />
        </Group>
        <Group grow align="flex-start" gap="sm" wrap="wrap">
          <DateField
            label={t('par.cycles.deadline.explanation')}
            value={explanationDeadline}
            onChange={setExplanationDeadline}
            clearable
            miw={160}
            data-testid="cycle-explanation-deadline"
          />
          <DateField
            label={t('par.cycles.deadline.council')}
            value={councilDeadline}
            onChange={setCouncilDeadline}
            clearable
            miw={160}
            data-testid="cycle-council-deadline"
          />
        </Group>
        {orderError ? (
          <Text size="sm" c="red">
            {orderError}
          </Text>
        ) : null}
        <Text size="xs" c="dimmed">
          {t('par.cycles.createHint')}
        </Text>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending} data-testid="cycle-create-submit">
            {t('par.cycles.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CreateCycleModal({
  opened,
  initialFramework,
  frameworks,
  onClose,
}: {
  opened: boolean;
  initialFramework: FrameworkSummary | null;
  frameworks: readonly FrameworkSummary[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('par.cycles.createTitle')} size="lg">
      {opened ? <CycleForm initialFramework={initialFramework} frameworks={frameworks} onClose={onClose} /> : null}
    </Modal>
  );
}
