import { Alert, Badge, Checkbox, Group, Modal, Radio, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Answers,
  allQuestions,
  pickText,
  type QuestionnaireContent,
  SCALE5_LABELS,
  visibleQuestions,
} from '../../../../src/domain/surveys/questionnaire.ts';

/** The questionnaire as a respondent sees it, in any of its languages, with the branching applied live. */
export function QuestionnairePreview({ content, onClose }: { content: QuestionnaireContent; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [lang, setLang] = useState(content.languages.includes(i18n.language) ? i18n.language : 'vi');
  const [answers, setAnswers] = useState<Answers>({});
  const visible = visibleQuestions(content, answers);
  const hidden = allQuestions(content).length - visible.size;
  const set = (id: string, v: Answers[string]) => setAnswers((a) => ({ ...a, [id]: v }));
  let n = 0;
  return (
    <Modal opened onClose={onClose} title={t('surveys.preview.title')} size="lg" data-testid="preview-modal">
      <Stack gap="md" lang={lang}>
        <Group justify="space-between">
          <Title order={3}>{pickText(content.title, lang)}</Title>
          <SegmentedControl size="xs" value={lang} onChange={setLang} data={content.languages} />
        </Group>
        {content.intro ? <Text size="sm">{pickText(content.intro, lang)}</Text> : null}
        {content.illustrative ? (
          <Alert color="orange" variant="light">
            {t('surveys.illustrativeNote')}
          </Alert>
        ) : null}
        {hidden > 0 ? (
          <Text size="xs" c="dimmed" data-testid="preview-hidden">
            {t('surveys.preview.hiddenCount', { n: hidden })}
          </Text>
        ) : null}
        {content.sections.map((s) => (
          <Stack key={s.id} gap="sm">
            <Group gap="xs">
              <Title order={4} c="blue.8">
                {pickText(s.title, lang)}
              </Title>
              {s.element ? <Badge variant="light">{t(`surveys.elements.${s.element}`)}</Badge> : null}
            </Group>
            {s.questions.map((q) => {
              n++;
              if (!visible.has(q.id)) return null;
              const label = `${n}. ${pickText(q.text, lang)}${q.required ? ' *' : ''}`;
              const v = answers[q.id];
              if (q.type === 'scale5' || q.type === 'single')
                return (
                  <Radio.Group
                    key={q.id}
                    label={label}
                    value={v === undefined || v === null ? '' : String(v)}
                    onChange={(x) => set(q.id, q.type === 'scale5' ? Number(x) : x)}
                  >
                    <Stack gap={4} mt={4}>
                      {q.type === 'scale5'
                        ? ([1, 2, 3, 4, 5] as const).map((k) => <Radio key={k} value={String(k)} label={`${k} — ${pickText(SCALE5_LABELS[k], lang)}`} />)
                        : q.options.map((o) => <Radio key={o.value} value={o.value} label={pickText(o.label, lang)} />)}
                    </Stack>
                  </Radio.Group>
                );
              if (q.type === 'multi')
                return (
                  <Checkbox.Group key={q.id} label={label} value={Array.isArray(v) ? v : []} onChange={(x) => set(q.id, x)}>
                    <Stack gap={4} mt={4}>
                      {q.options.map((o) => (
                        <Checkbox key={o.value} value={o.value} label={pickText(o.label, lang)} />
                      ))}
                    </Stack>
                  </Checkbox.Group>
                );
              if (q.type === 'number')
                return (
                  <TextInput
                    key={q.id}
                    label={label}
                    inputMode="numeric"
                    value={v === undefined || v === null ? '' : String(v)}
                    onChange={(e) => set(q.id, e.currentTarget.value === '' ? null : Number(e.currentTarget.value.replace(',', '.')))}
                    w={200}
                  />
                );
              return (
                <Textarea
                  key={q.id}
                  label={label}
                  value={typeof v === 'string' ? v : ''}
                  onChange={(e) => set(q.id, e.currentTarget.value)}
                  maxLength={q.maxLength}
                  autosize
                />
              );
            })}
          </Stack>
        ))}
      </Stack>
    </Modal>
  );
}
