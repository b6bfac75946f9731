// Keyboard-driven entry of a paper form: digits pick a level or an option, Enter moves to the next shown question,
// Ctrl+Enter saves. Branching is applied as the answers come in, and the same answer rules as the server are
// checked before anything is sent.

import { Box, Button, Group, Paper, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type KeyboardEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AnswerError,
  type Answers,
  type AnswerValue,
  allQuestions,
  pickText,
  type Question,
  type QuestionnaireContent,
  SCALE5_LABELS,
  validateAnswers,
  visibleQuestions,
} from '../../../../src/domain/surveys/questionnaire.ts';
import { currentLanguage } from '../../i18n';

/** Only the answers of the questions shown for these answers. */
export function shownAnswers(q: QuestionnaireContent, answers: Answers): Record<string, AnswerValue> {
  const visible = visibleQuestions(q, answers);
  const out: Record<string, AnswerValue> = {};
  for (const [id, v] of Object.entries(answers)) if (visible.has(id) && v !== null && v !== undefined && v !== '') out[id] = v;
  return out;
}

function parseNumber(raw: string): number | string | null {
  const s = raw.trim().replace(/\s/g, '').replace(',', '.');
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : raw;
}

export function errorText(t: (k: string, o?: Record<string, unknown>) => string, e: AnswerError): string {
  return t(`surveys.answerErrors.${e.code}`, { a: e.limit, b: e.limit2 });
}

export function EntryForm({
  content,
  saveLabel,
  onSave,
  testId = 'entry',
}: {
  content: QuestionnaireContent;
  saveLabel: string;
  /** Called with valid answers; resolves true when the form should be cleared for the next one. */
  onSave: (answers: Record<string, AnswerValue>) => Promise<boolean>;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [answers, setAnswers] = useState<Answers>({});
  const [errors, setErrors] = useState<AnswerError[] | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = useRef(new Map<string, HTMLElement | null>());
  const saveRef = useRef<HTMLButtonElement>(null);
  const visible = visibleQuestions(content, answers);
  const questions = allQuestions(content).filter((q) => visible.has(q.id));
  const tt = t as unknown as (k: string, o?: Record<string, unknown>) => string;
  const errorOf = (id: string) => errors?.find((e) => e.questionId === id);

  const setAnswer = (id: string, v: Answers[string]) => {
    setAnswers((a) => {
      const next = { ...a, [id]: v };
      if (errors) setErrors(validateAnswers(content, shownAnswers(content, next)).errors);
      return next;
    });
  };

  const focusNext = (id: string) => {
    // the next question shown once this answer is in (branching may reveal or hide questions)
    requestAnimationFrame(() => {
      const order = allQuestions(content).map((q) => q.id);
      const idx = order.indexOf(id);
      for (const nid of order.slice(idx + 1)) {
        const el = refs.current.get(nid);
        if (el?.isConnected) {
          el.focus();
          return;
        }
      }
      saveRef.current?.focus();
    });
  };

  async function save() {
    const toSend = shownAnswers(content, answers);
    const check = validateAnswers(content, toSend);
    setErrors(check.errors);
    if (!check.ok) {
      refs.current.get(check.errors[0].questionId)?.focus();
      return;
    }
    setBusy(true);
    try {
      if (await onSave(toSend)) {
        setAnswers({});
        setErrors(null);
        requestAnimationFrame(() => refs.current.get(allQuestions(content)[0]?.id ?? '')?.focus());
      }
    } finally {
      setBusy(false);
    }
  }

  const onKey = (q: Question) => (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
      return;
    }
    if (e.key === 'Enter' && !(q.type === 'text' && e.shiftKey)) {
      e.preventDefault();
      focusNext(q.id);
      return;
    }
    if (q.type !== 'scale5' && q.type !== 'single' && q.type !== 'multi') return;
    if (e.key === 'Backspace' || e.key === 'Delete' || e.key === '0') {
      e.preventDefault();
      setAnswer(q.id, null);
      return;
    }
    if (!/^[1-9]$/.test(e.key)) return;
    e.preventDefault();
    const k = Number(e.key);
    if (q.type === 'scale5') {
      if (k > 5) return;
      setAnswer(q.id, k);
      focusNext(q.id);
    } else {
      const opt = q.options[k - 1];
      if (!opt) return;
      if (q.type === 'single') {
        setAnswer(q.id, opt.value);
        focusNext(q.id);
      } else {
        const cur = Array.isArray(answers[q.id]) ? (answers[q.id] as string[]) : [];
        setAnswer(q.id, cur.includes(opt.value) ? cur.filter((x) => x !== opt.value) : [...cur, opt.value]);
      }
    }
  };

  let n = 0;
  const number = new Map(allQuestions(content).map((q) => [q.id, ++n]));
  return (
    <Stack
      gap={6}
      data-testid={`${testId}-form`}
      onKeyDown={(e) => {
        // Ctrl+Enter saves from anywhere in the form (also from the save button the last Enter moved to)
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
          e.preventDefault();
          void save();
        }
      }}
    >
      {questions.map((q) => {
        const v = answers[q.id];
        const err = errorOf(q.id);
        const label = `${number.get(q.id)}. ${pickText(q.text, lang)}${q.required ? ' *' : ''}`;
        const choices =
          q.type === 'scale5'
            ? ([1, 2, 3, 4, 5] as const).map((k) => ({ value: k as number | string, key: String(k), label: `${k}`, title: pickText(SCALE5_LABELS[k], lang) }))
            : q.type === 'single' || q.type === 'multi'
              ? q.options.map((o, i) => ({
                  value: o.value as number | string,
                  key: String(i + 1),
                  label: `${i + 1}. ${pickText(o.label, lang)}`,
                  title: o.value,
                }))
              : null;
        const selected = (x: number | string) => (Array.isArray(v) ? v.includes(String(x)) : v !== null && v !== undefined && String(v) === String(x));
        return (
          <Paper
            key={q.id}
            withBorder
            p="xs"
            radius="sm"
            style={err ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}
            data-testid={`${testId}-q-${q.id}`}
          >
            {choices ? (
              <Box
                tabIndex={0}
                role="group"
                aria-label={label}
                ref={(el: HTMLDivElement | null) => {
                  refs.current.set(q.id, el);
                }}
                onKeyDown={onKey(q)}
                style={{ outlineOffset: 2, borderRadius: 4 }}
                data-testid={`${testId}-focus-${q.id}`}
              >
                <Text size="sm" fw={500} mb={4}>
                  {label}
                </Text>
                <Group gap={4}>
                  {choices.map((c) => (
                    <Button
                      key={c.key}
                      size="compact-sm"
                      tabIndex={-1}
                      variant={selected(c.value) ? 'filled' : 'default'}
                      title={c.title}
                      onClick={() => {
                        if (q.type === 'multi') {
                          const cur = Array.isArray(v) ? v : [];
                          const s = String(c.value);
                          setAnswer(q.id, cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]);
                        } else setAnswer(q.id, c.value);
                      }}
                    >
                      {c.label}
                    </Button>
                  ))}
                </Group>
              </Box>
            ) : q.type === 'number' ? (
              <TextInput
                label={label}
                size="sm"
                w={260}
                inputMode="decimal"
                ref={(el) => {
                  refs.current.set(q.id, el);
                }}
                value={v === null || v === undefined ? '' : String(v)}
                onChange={(e) => setAnswer(q.id, parseNumber(e.currentTarget.value))}
                onKeyDown={onKey(q)}
                data-testid={`${testId}-input-${q.id}`}
              />
            ) : (
              <Textarea
                label={label}
                size="sm"
                autosize
                minRows={1}
                ref={(el) => {
                  refs.current.set(q.id, el);
                }}
                value={typeof v === 'string' ? v : ''}
                maxLength={q.type === 'text' ? q.maxLength : undefined}
                onChange={(e) => setAnswer(q.id, e.currentTarget.value)}
                onKeyDown={onKey(q)}
                data-testid={`${testId}-input-${q.id}`}
              />
            )}
            {err ? (
              <Text size="xs" c="red" mt={4} data-testid={`${testId}-error-${q.id}`}>
                {errorText(tt, err)}
              </Text>
            ) : null}
          </Paper>
        );
      })}
      {errors && errors.length > 0 ? (
        <Text size="sm" c="red" fw={600}>
          {t('surveys.entry.invalid', { n: errors.length })}
        </Text>
      ) : null}
      <Group>
        <Button ref={saveRef} onClick={() => void save()} loading={busy} data-testid={`${testId}-save`}>
          {saveLabel}
        </Button>
        <Button
          variant="default"
          onClick={() => {
            setAnswers({});
            setErrors(null);
          }}
        >
          {t('surveys.entry.clear')}
        </Button>
      </Group>
    </Stack>
  );
}
