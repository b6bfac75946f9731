import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
import vi from './vi';

export type Language = 'vi' | 'en';
export const LANGUAGES: readonly Language[] = ['vi', 'en'];
export const LANG_STORAGE_KEY = 'cchc.lang';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(LANG_STORAGE_KEY);
    if (value === 'vi' || value === 'en') return value;
  } catch {
    // localStorage unavailable (privacy mode) — fall back to Vietnamese
  }
  return 'vi';
}

function applyLanguage(lng: Language): void {
  document.documentElement.lang = lng;
  document.title = i18n.t('app.documentTitle');
  dayjs.locale(lng);
}

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'vi',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

applyLanguage(currentLanguage());

/** The active UI language (also sent as Accept-Language to the API). */
export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'vi';
}

/** Switch language and remember it in localStorage ('cchc.lang'). */
export async function setLanguage(lng: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANG_STORAGE_KEY, lng);
  } catch {
    // ignore
  }
  await i18n.changeLanguage(lng);
  applyLanguage(lng);
}

export default i18n;

/** Localised name of a unit group (English name when available and the UI is in English). */
export function groupName(group: { name: string; nameEn?: string | null }): string {
  return currentLanguage() === 'en' && group.nameEn ? group.nameEn : group.name;
}

/** Translate `section.key` when such a message exists, otherwise return `key` unchanged (for open-ended codes). */
export function translateOptional(section: 'entityType' | 'calendar.kinds' | 'roles' | 'auditAction', key: string): string {
  // audit action codes contain dots ('unit.merge'); their message keys use underscores
  const full = `${section}.${section === 'auditAction' ? key.replace(/\./g, '_') : key}`;
  return i18n.exists(full) ? (i18n.t as unknown as (k: string) => string)(full) : key;
}
