// The public survey page, served at /s/<token> (a single-use link or QR code tied to a sampled dossier) and at
// /k/<kiosk key> (a tablet at the one-stop desk). Plain TypeScript and DOM so that it loads fast on a cheap phone.

import './survey.css';
import type { Answers } from '../../../src/domain/surveys/questionnaire.ts';
import { pickText } from '../../../src/domain/surveys/questionnaire.ts';
import { HttpError, type PublicQuestionnaire, publicApi } from './api.ts';
import { h, setChildren, store, uuid4 } from './dom.ts';
import { type FormHandle, renderForm, type ShownError } from './form.ts';
import { LANGUAGE_NAMES, type TextKey, tr } from './texts.ts';

const LANG_KEY = 'cchc.survey.lang';
const app = document.getElementById('app') as HTMLElement;
const path = location.pathname.split('/').filter(Boolean);
const mode: 'link' | 'kiosk' = path[0] === 'k' ? 'kiosk' : 'link';
const secret = decodeURIComponent(path[1] ?? '');

let lang = store.get(LANG_KEY) ?? 'vi';
let data: PublicQuestionnaire | null = null;

function setLang(l: string) {
  lang = l;
  store.set(LANG_KEY, l);
  document.documentElement.lang = l;
}
setLang(lang);

/** Focuses a heading after the page changed, so that screen readers announce the new state. */
function focusHeading(el: HTMLElement) {
  el.setAttribute('tabindex', '-1');
  el.focus();
}

function langSwitch(onSwitch: () => void): HTMLElement | null {
  const langs = data?.questionnaire.languages ?? ['vi', 'en'];
  if (!langs.includes(lang)) setLang('vi');
  return h(
    'nav',
    { class: 'langs', 'aria-label': tr(lang, 'language') },
    ...langs.map((l) =>
      h(
        'button',
        {
          type: 'button',
          lang: l,
          'aria-pressed': l === lang ? 'true' : 'false',
          'data-lang': l,
          onclick: () => {
            if (l === lang) return;
            setLang(l);
            onSwitch();
          },
        },
        LANGUAGE_NAMES[l] ?? l.toUpperCase(),
      ),
    ),
  );
}

function header(onSwitch: () => void, titleKey?: TextKey): HTMLElement {
  const q = data?.questionnaire;
  const title = q ? pickText(q.title, lang) : tr(lang, titleKey ?? 'pageTitle');
  document.title = title;
  return h(
    'header',
    { class: 'top' },
    langSwitch(onSwitch),
    h('h1', { id: 'title' }, title),
    data ? h('p', { class: 'sub' }, data.surveyName) : null,
    data?.unitName ? h('p', { class: 'sub' }, `${tr(lang, 'unit')}: ${data.unitName}`) : null,
  );
}

/** Message of a refused request that ends the visit (bad or used link, closed survey). */
function fatalText(e: HttpError): string {
  if (e.detail) return e.detail;
  if (e.status === 404) return tr(lang, 'errUnknown');
  if (e.status === 409 || e.status === 410) return tr(lang, 'errUsed');
  return tr(lang, 'errServer', e.status);
}

function showFatal(e: HttpError) {
  const title = h('h1', null, tr(lang, 'errTitle'));
  setChildren(
    app,
    h(
      'header',
      { class: 'top' },
      langSwitch(() => showFatal(e)),
      title,
    ),
    h('div', { class: 'card fatal', 'data-state': 'error', 'data-code': e.code ?? String(e.status) }, h('p', null, fatalText(e))),
  );
  document.title = tr(lang, 'errTitle');
  focusHeading(title);
}

/** Message for trouble that leaves the form usable (send again later). */
function retryText(e: unknown): string {
  if (!(e instanceof HttpError) || e.status === 0) return tr(lang, 'errNetwork');
  if (e.status === 429) return e.detail ?? tr(lang, 'errFlood');
  return e.detail ?? tr(lang, 'errServer', e.status);
}

/** Server answer errors (422, `path` "answers.<question id>") with the server's text in the page language. */
function answerErrors(e: HttpError): ShownError[] {
  return e.errors
    .map((x) => ({
      questionId: x.questionId ?? (x.path ?? '').replace(/^answers\./, ''),
      code: (x.code ?? 'wrongType') as ShownError['code'],
      text: (lang === 'en' ? x.messageEn : undefined) ?? x.message,
    }))
    .filter((x) => x.questionId !== '');
}

function introBlock(): HTMLElement[] {
  const q = data?.questionnaire;
  if (!q) return [];
  const out: HTMLElement[] = [];
  if (q.intro) out.push(h('p', { class: 'intro' }, pickText(q.intro, lang)));
  if (q.illustrative) out.push(h('p', { class: 'illustrative' }, tr(lang, 'illustrative')));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Link mode: one respondent, one token. The draft and the submission id survive a reload, so a retry after a lost
// reply re-sends the same id and the server acknowledges it instead of storing a second response.

const draftKey = `cchc.survey.draft.${secret}`;
interface Draft {
  id: string;
  answers: Answers;
}
function loadDraft(): Draft {
  try {
    const d = JSON.parse(store.get(draftKey) ?? '') as Draft;
    if (d && typeof d.id === 'string' && d.answers && typeof d.answers === 'object') return d;
  } catch {
    // no draft
  }
  return { id: uuid4(), answers: {} };
}

function showThanks(extra?: HTMLElement) {
  const title = h('h1', null, tr(lang, 'thanksTitle'));
  setChildren(
    app,
    h('header', { class: 'top' }, title),
    h(
      'div',
      { class: 'card thanks', 'data-state': 'thanks' },
      h('p', { class: 'big', 'aria-hidden': 'true' }, '✓'),
      h('p', null, tr(lang, 'thanksText')),
      extra,
    ),
  );
  focusHeading(title);
}

function renderLink() {
  if (!data) return;
  const draft = loadDraft();
  let form: FormHandle;
  form = renderForm({
    questionnaire: data.questionnaire,
    lang,
    answers: draft.answers,
    onChange: (answers) => store.set(draftKey, JSON.stringify({ id: draft.id, answers })),
    onSubmit: async (answers) => {
      store.set(draftKey, JSON.stringify({ id: draft.id, answers }));
      try {
        await publicApi.linkSubmit(secret, { id: draft.id, answers, lang });
      } catch (e) {
        if (e instanceof HttpError && e.status === 422 && answerErrors(e).length > 0) {
          form.showErrors(answerErrors(e));
          return;
        }
        if (e instanceof HttpError && (e.status === 404 || e.status === 409 || e.status === 410)) {
          store.set(draftKey, null);
          showFatal(e);
          return;
        }
        form.showMessage(retryText(e));
        return;
      }
      store.set(draftKey, null);
      showThanks();
    },
  });
  setChildren(app, header(renderLink), ...introBlock(), form.el);
}

async function startLink() {
  try {
    data = await publicApi.linkQuestionnaire(secret, lang);
  } catch (e) {
    if (e instanceof HttpError && e.status !== 0 && e.status < 500 && e.status !== 429) return showFatal(e);
    return showRetry(startLink, e);
  }
  renderLink();
}

function showRetry(again: () => void, e: unknown) {
  setChildren(
    app,
    h('header', { class: 'top' }, h('h1', null, tr(lang, 'errTitle'))),
    h(
      'div',
      { class: 'card', 'data-state': 'retry' },
      h('p', null, retryText(e)),
      h('button', { type: 'button', class: 'send', onclick: again }, tr(lang, 'retry')),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Kiosk mode: a tablet at the desk of one unit. A visitor types the dossier code, answers, and the page resets for
// the next person; without activity for a while it resets by itself so that a half-filled form is not left behind.

const idleParam = Number(new URLSearchParams(location.search).get('idle'));
const IDLE_SECONDS = Number.isFinite(idleParam) && idleParam >= 10 ? Math.floor(idleParam) : 90;
const THANKS_SECONDS = 15;
let idleTimer = 0;
let kioskDossier = '';

function armIdle(seconds = IDLE_SECONDS) {
  clearTimeout(idleTimer);
  idleTimer = window.setTimeout(() => {
    setLang('vi');
    kioskStart();
  }, seconds * 1000);
}

function kioskStart(error?: string) {
  clearTimeout(idleTimer);
  kioskDossier = '';
  const input = h('input', {
    id: 'dossier',
    name: 'dossier',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    'aria-describedby': 'dossier_help dossier_err',
    'aria-invalid': error ? 'true' : null,
  });
  const err = h('p', { class: 'err', id: 'dossier_err', hidden: !error }, error ?? '');
  const form = h(
    'form',
    { class: 'card kiosk-start', novalidate: true, 'data-state': 'kiosk-start' },
    h('label', { for: 'dossier', class: 'legend' }, tr(lang, 'kioskDossier')),
    h('p', { class: 'hint', id: 'dossier_help' }, tr(lang, 'kioskDossierHelp')),
    input,
    err,
    h('button', { type: 'submit', class: 'send' }, tr(lang, 'kioskStart')),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const code = input.value.trim();
    if (!code) {
      err.textContent = tr(lang, 'kioskDossierRequired');
      err.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    kioskDossier = code;
    kioskForm();
  });
  setChildren(
    app,
    header(() => kioskStart(), 'kioskTitle'),
    form,
  );
  input.focus();
}

function kioskForm() {
  if (!data) return;
  const id = uuid4();
  let form: FormHandle;
  form = renderForm({
    questionnaire: data.questionnaire,
    lang,
    answers: {},
    onSubmit: async (answers) => {
      try {
        await publicApi.kioskSubmit(secret, { id, answers, lang, dossierCode: kioskDossier });
      } catch (e) {
        if (e instanceof HttpError && e.status === 422 && answerErrors(e).length > 0) {
          form.showErrors(answerErrors(e));
          return;
        }
        if (e instanceof HttpError && (e.status === 404 || e.status === 409)) {
          // the dossier code is unknown or already rated: back to the start with the reason
          kioskStart(e.detail ?? (e.status === 409 ? tr(lang, 'kioskDossierUsed') : tr(lang, 'errUnknown')));
          return;
        }
        form.showMessage(retryText(e));
        return;
      }
      kioskDossier = '';
      showThanks(h('button', { type: 'button', class: 'send', onclick: () => kioskStart() }, tr(lang, 'kioskNext')));
      armIdle(THANKS_SECONDS);
    },
  });
  setChildren(
    app,
    header(kioskForm),
    h(
      'div',
      { class: 'kiosk-bar' },
      h('span', null, tr(lang, 'kioskForDossier', kioskDossier)),
      h('button', { type: 'button', class: 'link', onclick: () => kioskStart() }, tr(lang, 'kioskCancel')),
    ),
    h('p', { class: 'hint page-hint' }, tr(lang, 'kioskIdle', IDLE_SECONDS)),
    ...introBlock(),
    form.el,
  );
  armIdle();
}

async function startKiosk() {
  try {
    data = await publicApi.kioskQuestionnaire(secret, lang);
  } catch (e) {
    if (e instanceof HttpError && e.status !== 0 && e.status < 500 && e.status !== 429) return showFatal(e);
    return showRetry(startKiosk, e);
  }
  // any touch or key press while a form is open postpones the idle reset
  for (const type of ['pointerdown', 'keydown', 'input']) {
    document.addEventListener(type, () => {
      if (kioskDossier) armIdle();
    });
  }
  kioskStart();
}

if (!secret) showFatal(new HttpError(404, 'survey_token_unknown', undefined, []));
else if (mode === 'kiosk') void startKiosk();
else void startLink();
