// Questionnaire builder: sections per SIPAS element, questions of five types with required rules, simple branching
// (show a question only for some answers of an earlier one), texts in Vietnamese, English and other languages,
// versions (a version used by a survey is frozen; an edit then makes a new version) and a live preview.

import {
  Accordion,
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Loader,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconArrowDown, IconArrowLeft, IconArrowUp, IconDeviceFloppy, IconEye, IconPlus, IconTrash, IconVersions } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  FORMULA_KINDS,
  type LangText,
  QUESTION_TYPES,
  type Question,
  type QuestionnaireContent,
  type QuestionType,
  type Section,
  SIPAS_ELEMENTS,
  validateQuestionnaire,
} from '../../../../src/domain/surveys/questionnaire.ts';
import { useCan } from '../../auth/useAuth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import {
  createQuestionnaire,
  fetchQuestionnaire,
  newQuestionnaireVersion,
  type QuestionnaireDetail,
  type SurveyKind,
  saveQuestionnaireVersion,
  surveyKeys,
} from './api';
import { QuestionnairePreview } from './QuestionnairePreview';
import { langText } from './shared';

const emptyText = (): LangText => ({ vi: '', en: '' });

function blankContent(): QuestionnaireContent {
  return {
    title: emptyText(),
    languages: ['vi', 'en'],
    formula: { kind: 'shareSatisfied' },
    sections: [{ id: 's1', element: 'access', title: emptyText(), questions: [] }],
  };
}

/** A question of another type keeping id, texts, required rule, branching and attribute. */
function retype(q: Question, type: QuestionType): Question {
  const base = { id: q.id, text: q.text, help: q.help, required: q.required, showIf: q.showIf, demographic: q.demographic };
  const options = 'options' in q ? q.options : [{ value: '1', label: emptyText() }];
  switch (type) {
    case 'scale5':
      return { ...base, type };
    case 'single':
      return { ...base, type, options };
    case 'multi':
      return { ...base, type, options };
    case 'number':
      return { ...base, type, min: 0, max: 100, integer: true };
    case 'text':
      return { ...base, type, maxLength: 1000 };
  }
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function LangFields({
  value,
  languages,
  label,
  onChange,
  testId,
  area,
}: {
  value: LangText | undefined;
  languages: string[];
  label: (lang: string) => string;
  onChange: (v: LangText) => void;
  testId: string;
  area?: boolean;
}) {
  const v = value ?? emptyText();
  return (
    <SimpleGrid cols={{ base: 1, md: Math.min(languages.length, 3) }} spacing="xs">
      {languages.map((lang) => (
        <TextInput
          key={lang}
          label={label(lang)}
          lang={lang}
          value={v[lang] ?? ''}
          onChange={(e) => onChange({ ...v, [lang]: e.currentTarget.value })}
          data-testid={`${testId}-${lang}`}
          size={area ? 'sm' : 'sm'}
        />
      ))}
    </SimpleGrid>
  );
}

function QuestionEditor({
  q,
  earlier,
  languages,
  onChange,
  testId,
}: {
  q: Question;
  earlier: Question[];
  languages: string[];
  onChange: (q: Question) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const textLabel = (lang: string) =>
    lang === 'vi' ? t('surveys.builder.textVi') : lang === 'en' ? t('surveys.builder.textEn') : t('surveys.builder.textOther', { lang });
  const target = earlier.find((e) => e.id === q.showIf?.questionId);
  const condValues = (q.showIf?.in ?? (q.showIf?.equals !== undefined ? [q.showIf.equals] : [])).map(String);
  const setCond = (questionId: string | null, values: string[]) => {
    if (!questionId) return onChange(clean({ ...q, showIf: undefined }));
    const tq = earlier.find((e) => e.id === questionId);
    const numeric = tq?.type === 'scale5' || tq?.type === 'number';
    const list = values.map((v) => v.trim()).filter((v) => v !== '');
    onChange({ ...q, showIf: { questionId, in: list.map((v) => (numeric && Number.isFinite(Number(v)) ? Number(v) : v)) } });
  };
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
        <TextInput
          label={t('surveys.builder.questionId')}
          value={q.id}
          onChange={(e) => onChange({ ...q, id: e.currentTarget.value.trim() })}
          data-testid={`${testId}-id`}
        />
        <Select
          label={t('surveys.builder.type')}
          value={q.type}
          allowDeselect={false}
          data={QUESTION_TYPES.map((type) => ({ value: type, label: t(`surveys.qtype.${type}`) }))}
          onChange={(v) => v && onChange(retype(q, v as QuestionType))}
          data-testid={`${testId}-type`}
        />
        <Switch
          mt={{ base: 0, sm: 28 }}
          label={t('surveys.builder.required')}
          checked={q.required}
          onChange={(e) => onChange({ ...q, required: e.currentTarget.checked })}
          data-testid={`${testId}-required`}
        />
      </SimpleGrid>
      <LangFields value={q.text} languages={languages} label={textLabel} onChange={(text) => onChange({ ...q, text })} testId={`${testId}-text`} />
      <LangFields
        value={q.help}
        languages={languages}
        label={(lang) => t('surveys.builder.helpText', { lang })}
        onChange={(help) => onChange(clean({ ...q, help: Object.values(help).some((x) => x.trim() !== '') ? help : undefined }))}
        testId={`${testId}-help`}
      />
      {q.type === 'single' || q.type === 'multi' ? (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('surveys.builder.options')}
          </Text>
          {q.options.map((o, i) => (
            <Group
              // biome-ignore lint/suspicious/noArrayIndexKey: options are edited in place and addressed by position (their value is being typed)
              key={`${i}-${q.options.length}`}
              gap="xs"
              align="flex-end"
              wrap="nowrap"
            >
              <TextInput
                w={90}
                label={i === 0 ? t('surveys.builder.optionValue') : undefined}
                aria-label={t('surveys.builder.optionValue')}
                value={o.value}
                onChange={(e) => onChange({ ...q, options: q.options.map((x, j) => (j === i ? { ...x, value: e.currentTarget.value } : x)) })}
                data-testid={`${testId}-opt${i}-value`}
              />
              {languages.map((lang) => (
                <TextInput
                  key={lang}
                  style={{ flex: 1 }}
                  lang={lang}
                  label={i === 0 ? (lang === 'vi' ? t('surveys.builder.optionVi') : lang === 'en' ? t('surveys.builder.optionEn') : lang) : undefined}
                  aria-label={lang === 'vi' ? t('surveys.builder.optionVi') : lang === 'en' ? t('surveys.builder.optionEn') : lang}
                  value={o.label[lang] ?? ''}
                  onChange={(e) =>
                    onChange({ ...q, options: q.options.map((x, j) => (j === i ? { ...x, label: { ...x.label, [lang]: e.currentTarget.value } } : x)) })
                  }
                  data-testid={`${testId}-opt${i}-${lang}`}
                />
              ))}
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('common.remove')}
                onClick={() => onChange({ ...q, options: q.options.filter((_, j) => j !== i) })}
                mb={4}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => onChange({ ...q, options: [...q.options, { value: String(q.options.length + 1), label: emptyText() }] })}
              data-testid={`${testId}-add-option`}
            >
              {t('surveys.builder.addOption')}
            </Button>
            {q.type === 'multi' ? (
              <NumberInput
                size="xs"
                w={160}
                label={t('surveys.builder.maxSelected')}
                value={q.maxSelected ?? ''}
                min={1}
                onChange={(v) => onChange(clean({ ...q, maxSelected: v === '' ? undefined : Number(v) }))}
              />
            ) : null}
          </Group>
        </Stack>
      ) : null}
      {q.type === 'number' ? (
        <Group gap="xs" align="flex-end">
          <NumberInput w={120} label={t('surveys.builder.min')} value={q.min} onChange={(v) => onChange({ ...q, min: Number(v) || 0 })} decimalSeparator="," />
          <NumberInput w={120} label={t('surveys.builder.max')} value={q.max} onChange={(v) => onChange({ ...q, max: Number(v) || 0 })} decimalSeparator="," />
          <Checkbox
            mb={8}
            label={t('surveys.builder.integer')}
            checked={q.integer ?? true}
            onChange={(e) => onChange({ ...q, integer: e.currentTarget.checked })}
          />
        </Group>
      ) : null}
      {q.type === 'text' ? (
        <NumberInput
          w={180}
          label={t('surveys.builder.maxLength')}
          value={q.maxLength}
          min={1}
          max={4000}
          onChange={(v) => onChange({ ...q, maxLength: Number(v) || 1 })}
        />
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
        <Select
          label={t('surveys.builder.showIf')}
          placeholder={t('surveys.builder.showIfNone')}
          clearable
          value={q.showIf?.questionId ?? null}
          data={earlier.map((e) => ({ value: e.id, label: `${e.id} — ${langText(e.text).slice(0, 60)}` }))}
          onChange={(v) => setCond(v, condValues)}
          data-testid={`${testId}-showif`}
        />
        {target && (target.type === 'single' || target.type === 'multi' || target.type === 'scale5') ? (
          <MultiSelect
            label={t('surveys.builder.showIfValues')}
            value={condValues}
            data={
              target.type === 'scale5'
                ? ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: `${v} — ${t(`surveys.scale.${v as '1'}`)}` }))
                : target.options.map((o) => ({ value: o.value, label: `${o.value} — ${langText(o.label)}` }))
            }
            onChange={(vals) => setCond(target.id, vals)}
            data-testid={`${testId}-showif-values`}
          />
        ) : target ? (
          <TextInput
            label={t('surveys.builder.showIfValues')}
            value={condValues.join(', ')}
            onChange={(e) => setCond(target.id, e.currentTarget.value.split(','))}
            data-testid={`${testId}-showif-values`}
          />
        ) : (
          <div />
        )}
        <Select
          label={t('surveys.builder.demographic')}
          value={q.demographic ?? 'none'}
          allowDeselect={false}
          data={(['none', 'sex', 'ageGroup'] as const).map((d) => ({ value: d, label: t(`surveys.demographic.${d}`) }))}
          onChange={(v) => onChange(clean({ ...q, demographic: v === 'sex' || v === 'ageGroup' ? v : undefined }))}
        />
      </SimpleGrid>
    </Stack>
  );
}

function ContentEditor({ content, onChange, readOnly }: { content: QuestionnaireContent; onChange: (c: QuestionnaireContent) => void; readOnly: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string[]>([]);
  const langs = content.languages.length > 0 ? content.languages : ['vi', 'en'];
  const setSection = (i: number, s: Section) => onChange({ ...content, sections: content.sections.map((x, j) => (j === i ? s : x)) });
  const all = content.sections.flatMap((s) => s.questions);
  const label = (vi: string, en: string) => (lang: string) => (lang === 'vi' ? vi : lang === 'en' ? en : lang);
  let counter = 0;
  return (
    <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <Stack gap="md">
        <Card withBorder radius="md" padding="md">
          <Stack gap="xs">
            <LangFields
              value={content.title}
              languages={langs}
              label={label(t('surveys.builder.titleVi'), t('surveys.builder.titleEn'))}
              onChange={(title) => onChange({ ...content, title })}
              testId="q-title"
            />
            <LangFields
              value={content.intro}
              languages={langs}
              label={label(t('surveys.builder.introVi'), t('surveys.builder.introEn'))}
              onChange={(intro) => onChange({ ...content, intro })}
              testId="q-intro"
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              <TagsInput
                label={t('surveys.builder.languages')}
                description={t('surveys.builder.languagesHelp')}
                value={content.languages}
                onChange={(v) => onChange({ ...content, languages: v.map((x) => x.trim().toLowerCase()).filter((x) => /^[a-z]{2,3}$/.test(x)) })}
              />
              <Select
                label={t('surveys.builder.formula')}
                value={content.formula.kind}
                allowDeselect={false}
                data={FORMULA_KINDS.map((k) => ({ value: k, label: t(`surveys.formula.${k}`) }))}
                onChange={(v) => v && onChange({ ...content, formula: { kind: v as QuestionnaireContent['formula']['kind'] } })}
              />
            </SimpleGrid>
            <Checkbox
              label={t('surveys.builder.illustrative')}
              checked={content.illustrative ?? false}
              onChange={(e) => onChange(clean({ ...content, illustrative: e.currentTarget.checked || undefined }))}
            />
          </Stack>
        </Card>
        {content.sections.map((s, si) => (
          <Card
            // biome-ignore lint/suspicious/noArrayIndexKey: sections are edited in place and addressed by position (their code is being typed)
            key={`s${si}`}
            withBorder
            radius="md"
            padding="md"
            data-testid={`section-${si}`}
          >
            <Stack gap="xs">
              <Group justify="space-between">
                <Title order={4}>{t('surveys.builder.section', { n: si + 1 })}</Title>
                <Tooltip label={t('surveys.builder.removeSection')}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('surveys.builder.removeSection')}
                    onClick={() => onChange({ ...content, sections: content.sections.filter((_, j) => j !== si) })}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                <TextInput
                  label={t('surveys.builder.sectionId')}
                  value={s.id}
                  onChange={(e) => setSection(si, { ...s, id: e.currentTarget.value.trim() })}
                  data-testid={`section-${si}-id`}
                />
                <Select
                  label={t('surveys.builder.element')}
                  value={s.element ?? 'none'}
                  allowDeselect={false}
                  data={[...SIPAS_ELEMENTS, 'none' as const].map((e) => ({ value: e, label: t(`surveys.elements.${e}`) }))}
                  onChange={(v) => setSection(si, { ...s, element: !v || v === 'none' ? null : (v as Section['element']) })}
                  data-testid={`section-${si}-element`}
                />
              </SimpleGrid>
              <LangFields
                value={s.title}
                languages={langs}
                label={label(t('surveys.builder.sectionTitleVi'), t('surveys.builder.sectionTitleEn'))}
                onChange={(title) => setSection(si, { ...s, title })}
                testId={`section-${si}-title`}
              />
              {s.questions.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('surveys.builder.noQuestions')}
                </Text>
              ) : null}
              {/* a frozen version shows every question open: its controls are disabled, so they could not be opened */}
              <Accordion multiple value={readOnly ? s.questions.map((_, qi) => `${si}-${qi}`) : open} onChange={setOpen} variant="separated">
                {s.questions.map((q, qi) => {
                  counter++;
                  const key = `${si}-${qi}`;
                  const before = all.slice(0, all.indexOf(q));
                  const move = (d: number) => {
                    const qs = [...s.questions];
                    const [x] = qs.splice(qi, 1);
                    qs.splice(qi + d, 0, x);
                    setSection(si, { ...s, questions: qs });
                  };
                  return (
                    <Accordion.Item key={key} value={key}>
                      <Group wrap="nowrap" gap={4} pr="xs">
                        <Accordion.Control data-testid={`question-${si}-${qi}-toggle`}>
                          <Text size="sm" lineClamp={1}>
                            <b>{counter}.</b> {langText(q.text) || q.id}{' '}
                            <Badge size="xs" variant="light">
                              {t(`surveys.qtype.${q.type}`)}
                            </Badge>
                            {q.required ? ' *' : ''}
                          </Text>
                        </Accordion.Control>
                        <ActionIcon variant="subtle" aria-label={t('surveys.builder.moveUp')} disabled={qi === 0} onClick={() => move(-1)}>
                          <IconArrowUp size={16} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          aria-label={t('surveys.builder.moveDown')}
                          disabled={qi === s.questions.length - 1}
                          onClick={() => move(1)}
                        >
                          <IconArrowDown size={16} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('surveys.builder.remove')}
                          onClick={() => setSection(si, { ...s, questions: s.questions.filter((_, j) => j !== qi) })}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                      <Accordion.Panel>
                        <QuestionEditor
                          q={q}
                          earlier={before}
                          languages={langs}
                          testId={`question-${si}-${qi}`}
                          onChange={(nq) => setSection(si, { ...s, questions: s.questions.map((x, j) => (j === qi ? nq : x)) })}
                        />
                      </Accordion.Panel>
                    </Accordion.Item>
                  );
                })}
              </Accordion>
              <Group>
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => {
                    const n = all.length + 1;
                    let id = `q${n}`;
                    for (let k = n; all.some((x) => x.id === id); k++) id = `q${k + 1}`;
                    setSection(si, { ...s, questions: [...s.questions, { id, type: 'scale5', required: true, text: emptyText() }] });
                    setOpen((o) => [...o, `${si}-${s.questions.length}`]);
                  }}
                  data-testid={`section-${si}-add-question`}
                >
                  {t('surveys.builder.addQuestion')}
                </Button>
              </Group>
            </Stack>
          </Card>
        ))}
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            onClick={() =>
              onChange({
                ...content,
                sections: [...content.sections, { id: `s${content.sections.length + 1}`, element: null, title: emptyText(), questions: [] }],
              })
            }
            data-testid="add-section"
          >
            {t('surveys.builder.addSection')}
          </Button>
        </Group>
      </Stack>
    </fieldset>
  );
}

function Problems({ content }: { content: QuestionnaireContent }) {
  const { t } = useTranslation();
  const errors = validateQuestionnaire(content);
  if (errors.length === 0) return null;
  return (
    <Alert color="orange" title={t('surveys.builder.problems')} data-testid="questionnaire-problems">
      <List size="sm">
        {errors.slice(0, 12).map((e, i) => (
          <List.Item
            // biome-ignore lint/suspicious/noArrayIndexKey: the same problem may be reported twice; the list is rebuilt on every change
            key={`${e.at}-${e.code}-${i}`}
          >
            {e.at ? <b>{e.at}: </b> : null}
            {t(`surveys.qerr.${e.code}`)}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

function Builder({ detail }: { detail: QuestionnaireDetail | null }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const versions = detail?.versions ?? [];
  const latest = versions.reduce<(typeof versions)[number] | null>((a, v) => (!a || v.version > a.version ? v : a), null);
  const [versionNo, setVersionNo] = useState<number | null>(latest?.version ?? null);
  const current = versions.find((v) => v.version === versionNo) ?? latest;
  const [content, setContent] = useState<QuestionnaireContent>(() => (current?.content as QuestionnaireContent | undefined) ?? blankContent());
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<SurveyKind>('sipas');
  const [preview, setPreview] = useState(false);
  const readOnly = !can('survey.manage') || (current?.locked ?? false);
  const problems = useMemo(() => validateQuestionnaire(content), [content]);

  const save = useMutation({
    mutationFn: async () => {
      if (!detail) return createQuestionnaire({ code: code.trim(), kind, content });
      return saveQuestionnaireVersion(detail.id, current?.version ?? 1, content);
    },
    onSuccess: (v) => {
      void qc.invalidateQueries({ queryKey: surveyKeys.questionnaires });
      notifySuccess(t('surveys.builder.saved'));
      if (!detail) navigate(`/surveys/questionnaires/${v.id}`, { replace: true });
    },
  });
  const newVersion = useMutation({
    mutationFn: () => newQuestionnaireVersion(detail?.id ?? '', readOnly ? undefined : content),
    onSuccess: async (v) => {
      // the new version starts as the content shown (a copy of a frozen version, or the edits made)
      await qc.invalidateQueries({ queryKey: surveyKeys.questionnaires });
      if (v.version !== undefined) setVersionNo(v.version);
      notifySuccess(t('surveys.builder.versionCreated', { v: v.version ?? '' }));
    },
  });

  const pickVersion = (v: string | null) => {
    const found = versions.find((x) => String(x.version) === v);
    if (!found) return;
    setVersionNo(found.version);
    setContent(found.content as QuestionnaireContent);
  };

  let header: ReactNode;
  if (detail) {
    header = (
      <Group gap="xs" wrap="wrap">
        <Badge variant="light" color="gray">
          {detail.code}
        </Badge>
        <Badge variant="light">{t(`surveys.kind.${detail.kind}`)}</Badge>
        <Select
          size="xs"
          w={150}
          aria-label={t('surveys.builder.versions')}
          value={String(current?.version ?? '')}
          data={versions.map((v) => ({ value: String(v.version), label: t('surveys.builder.version', { v: v.version }) }))}
          onChange={pickVersion}
          allowDeselect={false}
          data-testid="version-select"
        />
        <Text size="sm" fw={600} c={current?.locked ? 'orange.8' : 'green.8'} data-testid="version-state">
          {current?.locked ? t('surveys.builder.locked') : t('surveys.builder.editable')}
        </Text>
      </Group>
    );
  } else {
    header = (
      <SimpleGrid cols={{ base: 1, sm: 2 }} maw={560}>
        <TextInput label={t('surveys.builder.code')} required value={code} onChange={(e) => setCode(e.currentTarget.value)} data-testid="q-code" />
        <Select
          label={t('surveys.builder.kind')}
          value={kind}
          allowDeselect={false}
          data={[
            { value: 'sipas', label: t('surveys.kind.sipas') },
            { value: 'parSurvey', label: t('surveys.kind.parSurvey') },
          ]}
          onChange={(v) => setKind(v === 'parSurvey' ? 'parSurvey' : 'sipas')}
          data-testid="q-kind"
        />
      </SimpleGrid>
    );
  }

  return (
    <Stack gap="md">
      <div>
        <Button component={Link} to="/surveys?tab=questionnaires" variant="subtle" size="xs" leftSection={<IconArrowLeft size={14} />} px={0}>
          {t('surveys.tabs.questionnaires')}
        </Button>
        <Title order={2}>{langText(content.title) || t('surveys.builder.newTitle')}</Title>
      </div>
      {header}
      {content.illustrative ? (
        <Alert color="orange" variant="light">
          {t('surveys.illustrativeNote')}
        </Alert>
      ) : null}
      <ContentEditor content={content} onChange={setContent} readOnly={readOnly} />
      {!readOnly ? <Problems content={content} /> : null}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      {newVersion.error ? <ErrorAlert error={newVersion.error} /> : null}
      <Group gap="xs" style={{ position: 'sticky', bottom: 0, background: 'var(--mantine-color-body)', padding: '8px 0', zIndex: 2 }}>
        <Button variant="light" leftSection={<IconEye size={16} />} onClick={() => setPreview(true)} data-testid="questionnaire-preview">
          {t('surveys.builder.preview')}
        </Button>
        {can('survey.manage') && !readOnly ? (
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={problems.length > 0}
            data-testid="questionnaire-save"
          >
            {detail ? t('surveys.builder.save') : t('surveys.builder.create')}
          </Button>
        ) : null}
        {can('survey.manage') && detail ? (
          <Button
            variant="default"
            leftSection={<IconVersions size={16} />}
            onClick={() => newVersion.mutate()}
            loading={newVersion.isPending}
            data-testid="questionnaire-new-version"
          >
            {t('surveys.builder.newVersion')}
          </Button>
        ) : null}
      </Group>
      {preview ? <QuestionnairePreview content={content} onClose={() => setPreview(false)} /> : null}
    </Stack>
  );
}

export default function QuestionnairePage() {
  const { id } = useParams();
  const q = useQuery({ queryKey: surveyKeys.questionnaire(id ?? ''), queryFn: () => fetchQuestionnaire(id ?? ''), enabled: !!id });
  if (!id) return <Builder key="new" detail={null} />;
  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  return <Builder key={id} detail={q.data} />;
}
