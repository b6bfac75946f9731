// The answer form of the public survey page: one page, sections in order, branching applied live, the same
// answer rules as the server (validateAnswers) before anything is sent.

import {
  type AnswerError,
  type Answers,
  pickText,
  type Question,
  type QuestionnaireContent,
  SCALE5_LABELS,
  validateAnswers,
  visibleQuestions,
} from '../../../src/domain/surveys/questionnaire.ts';
import { h } from './dom.ts';
import { answerErrorText, tr } from './texts.ts';

export interface FormOptions {
  questionnaire: QuestionnaireContent;
  lang: string;
  answers: Answers;
  /** Called after every change of an answer. */
  onChange?: (answers: Answers) => void;
  /** Called with the answers of the shown questions once they pass the rules. */
  onSubmit: (answers: Answers) => Promise<void>;
}

export type ShownError = AnswerError & { text?: string };

export interface FormHandle {
  el: HTMLFormElement;
  /** Shows errors (e.g. from the server, with their own text) beside their questions; returns how many were placed. */
  showErrors(errors: ShownError[]): number;
  /** Shows a message above the send button (server or network trouble). */
  showMessage(text: string | null): void;
}

/** Parses a typed number, accepting a decimal comma; unparsable text is kept so that the rules report it. */
function parseNumber(raw: string): number | string | null {
  const s = raw.trim().replace(/\s/g, '').replace(',', '.');
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : raw;
}

/** Only the answers of the questions shown for these answers (a branched-out answer must not be sent). */
export function shownAnswers(q: QuestionnaireContent, answers: Answers): Answers {
  const visible = visibleQuestions(q, answers);
  const out: Answers = {};
  for (const [id, v] of Object.entries(answers)) if (visible.has(id) && v !== null && v !== undefined) out[id] = v;
  return out;
}

export function renderForm(o: FormOptions): FormHandle {
  const { questionnaire: q, lang } = o;
  const answers: Answers = { ...o.answers };
  const blocks = new Map<string, { el: HTMLElement; err: HTMLElement; question: Question }>();
  let showLive = false;

  const progress = h('p', { class: 'progress', 'aria-live': 'polite' });
  const summary = h('div', { class: 'summary', role: 'alert', hidden: true });
  const message = h('p', { class: 'message', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit', class: 'send' }, tr(lang, 'submit'));

  const changed = () => {
    refresh();
    o.onChange?.(answers);
  };

  function choiceInput(question: Question, type: 'radio' | 'checkbox', value: string, mark: string | null, label: string, extraClass: string) {
    const current = answers[question.id];
    const checked = Array.isArray(current) ? current.includes(value) : current !== null && current !== undefined && String(current) === value;
    const input = h('input', {
      type,
      name: `q_${question.id}`,
      value,
      checked,
      onchange: () => {
        if (question.type === 'multi') {
          const boxes = blocks.get(question.id)?.el.querySelectorAll<HTMLInputElement>('input:checked') ?? [];
          answers[question.id] = Array.from(boxes, (b) => b.value);
        } else answers[question.id] = question.type === 'scale5' ? Number(value) : value;
        changed();
      },
    });
    return h('label', { class: `opt ${extraClass}` }, input, h('span', { class: 'box' }, mark ? h('b', null, mark) : null, h('span', null, label)));
  }

  function questionBlock(question: Question, index: number): HTMLElement {
    const id = question.id;
    const star = question.required ? h('span', { class: 'star', 'aria-hidden': 'true' }, ' *') : null;
    const srReq = question.required ? h('span', { class: 'sr' }, ` (${tr(lang, 'required')})`) : null;
    const title = [h('span', { class: 'qn' }, `${index}. `), pickText(question.text, lang), star, srReq];
    let hint = question.help ? pickText(question.help, lang) : '';
    if (!hint) {
      if (question.type === 'scale5') hint = tr(lang, 'scaleHint');
      else if (question.type === 'multi') hint = question.maxSelected ? tr(lang, 'multiHintMax', question.maxSelected) : tr(lang, 'multiHint');
      else if (question.type === 'number') hint = tr(lang, 'numberHint', question.min, question.max);
      else if (question.type === 'text') hint = tr(lang, 'textHint', question.maxLength);
    }
    const hintEl = hint ? h('p', { class: 'hint', id: `h_${id}` }, hint) : null;
    const err = h('p', { class: 'err', id: `e_${id}`, hidden: true });
    const describedBy = `${hint ? `h_${id} ` : ''}e_${id}`;
    let el: HTMLElement;
    if (question.type === 'scale5' || question.type === 'single' || question.type === 'multi') {
      const opts =
        question.type === 'scale5'
          ? ([1, 2, 3, 4, 5] as const).map((n) => choiceInput(question, 'radio', String(n), String(n), pickText(SCALE5_LABELS[n], lang), `s5 l${n}`))
          : question.options.map((opt) =>
              choiceInput(question, question.type === 'multi' ? 'checkbox' : 'radio', opt.value, null, pickText(opt.label, lang), ''),
            );
      el = h(
        'fieldset',
        { class: 'q', id: `q_${id}`, 'aria-describedby': describedBy },
        h('legend', null, ...title),
        hintEl,
        h('div', { class: question.type === 'scale5' ? 'scale' : 'choices' }, ...opts),
        err,
      );
    } else {
      const current = answers[id];
      const common = {
        id: `i_${id}`,
        name: `q_${id}`,
        'aria-describedby': describedBy,
        'aria-required': question.required ? 'true' : null,
      };
      const field =
        question.type === 'number'
          ? h('input', {
              ...common,
              type: 'text',
              inputmode: question.integer === false ? 'decimal' : 'numeric',
              autocomplete: 'off',
              value: current === null || current === undefined ? '' : String(current).replace('.', lang === 'en' ? '.' : ','),
              oninput: (ev: Event) => {
                answers[id] = parseNumber((ev.target as HTMLInputElement).value);
                changed();
              },
            })
          : h('textarea', {
              ...common,
              rows: 3,
              maxlength: question.maxLength,
              oninput: (ev: Event) => {
                answers[id] = (ev.target as HTMLTextAreaElement).value;
                changed();
              },
            });
      if (field instanceof HTMLTextAreaElement && typeof current === 'string') field.value = current;
      el = h('div', { class: 'q', id: `q_${id}` }, h('label', { for: `i_${id}`, class: 'legend' }, ...title), hintEl, field, err);
    }
    el.dataset.q = id;
    blocks.set(id, { el, err, question });
    return el;
  }

  function setError(id: string, e: ShownError | null) {
    const b = blocks.get(id);
    if (!b) return;
    b.err.textContent = e ? (e.text ?? answerErrorText(lang, e, b.question.type === 'number')) : '';
    b.err.hidden = !e;
    b.el.classList.toggle('invalid', !!e);
    for (const input of b.el.querySelectorAll('input,textarea')) {
      if (e) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  function showErrors(errors: ShownError[]): number {
    const byId = new Map(errors.map((e) => [e.questionId, e]));
    let placed = 0;
    for (const id of blocks.keys()) {
      const e = byId.get(id) ?? null;
      setError(id, e);
      if (e) placed++;
    }
    summary.textContent = placed ? tr(lang, 'fixErrors', placed) : '';
    summary.hidden = placed === 0;
    return placed;
  }

  function refresh() {
    const visible = visibleQuestions(q, answers);
    let shown = 0;
    let done = 0;
    for (const [id, b] of blocks) {
      b.el.hidden = !visible.has(id);
      if (visible.has(id)) {
        shown++;
        const v = answers[id];
        if (v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) done++;
      }
    }
    progress.textContent = tr(lang, 'progress', done, shown);
    // after a first attempt to send, errors follow the answers as they are corrected
    if (showLive) showErrors(validateAnswers(q, shownAnswers(q, answers)).errors);
  }

  let n = 0;
  const sections = q.sections.map((s) =>
    h(
      'section',
      { class: 'sec', 'aria-labelledby': `s_${s.id}` },
      h('h2', { id: `s_${s.id}` }, pickText(s.title, lang)),
      ...s.questions.map((question) => questionBlock(question, ++n)),
    ),
  );

  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('p', { class: 'note' }, tr(lang, 'requiredNote')),
    ...sections,
    summary,
    message,
    progress,
    button,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (button.disabled) return;
    const toSend = shownAnswers(q, answers);
    const check = validateAnswers(q, toSend);
    showLive = true;
    showErrors(check.errors);
    if (!check.ok) {
      const first = check.errors.map((e) => blocks.get(e.questionId)).find((b) => b && !b.el.hidden);
      first?.el.querySelector<HTMLElement>('input,textarea')?.focus();
      first?.el.scrollIntoView({ block: 'center' });
      return;
    }
    message.hidden = true;
    button.disabled = true;
    button.textContent = tr(lang, 'sending');
    try {
      await o.onSubmit(toSend);
    } finally {
      button.disabled = false;
      button.textContent = tr(lang, 'submit');
    }
  });
  refresh();
  return {
    el: form,
    showErrors: (errors) => {
      showLive = false;
      const placed = showErrors(errors);
      const first = errors.map((e) => blocks.get(e.questionId)).find((b) => b && !b.el.hidden);
      first?.el.querySelector<HTMLElement>('input,textarea')?.focus();
      return placed;
    },
    showMessage: (text) => {
      message.textContent = text ?? '';
      message.hidden = !text;
      if (text) message.scrollIntoView({ block: 'center' });
    },
  };
}
