/**
 * i18next set up on Puente's one catalogue (@puente/i18n). Keys are flat dotted strings, so key and
 * namespace separators are off. A key that is not in the catalogue is reported with console.error:
 * the end-to-end test fails on any console error, so an untranslated string cannot ship unnoticed.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources, type Lang } from '@puente/i18n';

const STORAGE_KEY = 'puente.lang';

function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'es') return stored;
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: resources(),
  lng: initialLang(),
  supportedLngs: ['en', 'es'],
  fallbackLng: false,
  keySeparator: false,
  nsSeparator: false,
  initAsync: false,
  returnNull: false,
  interpolation: { escapeValue: false }, // React escapes
  saveMissing: true,
  missingKeyHandler: (_lngs, _ns, key) => console.error('missing i18n key', key),
});

document.documentElement.lang = i18n.language;

export function setLang(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export function currentLang(): Lang {
  return i18n.language === 'es' ? 'es' : 'en';
}

/** Translates an optional key: the catalogue's text when the key exists, otherwise `fallback` (e.g. a model label). */
export function maybeT(key: string, fallback: string): string {
  return i18n.exists(key) ? i18n.t(key) : fallback;
}
