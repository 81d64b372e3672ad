/**
 * Puente's one catalogue of user-facing text, English and Spanish side by side.
 * Web (react-i18next), CLI help and API/parser errors all read from here.
 * Each area of the product owns one file in ./catalog; keys are dotted and unique across areas.
 */
import type { Area, Entry, Lang } from './types';
import common from './catalog/common';
import errors from './catalog/errors';
import model from './catalog/model';
import auth from './catalog/auth';
import audit from './catalog/audit';
import demo from './catalog/demo';
import api from './catalog/api';
import cli from './catalog/cli';
import web from './catalog/web';
import screening from './catalog/screening';
import earlywarning from './catalog/earlywarning';
import hotspots from './catalog/hotspots';
import protect from './catalog/protect';
import linkage from './catalog/linkage';
import pprl from './catalog/pprl';
import aml from './catalog/aml';
import federation from './catalog/federation';
import federationShare from './catalog/federation-share';
import federationQuery from './catalog/federation-query';
import federationPprl from './catalog/federation-pprl';
import webFederation from './catalog/web-federation';

export type { Area, Entry, Lang } from './types';
export { LANGS } from './types';

const areas: Area[] = [common, errors, model, auth, audit, demo, api, cli, web, screening, earlywarning, hotspots, protect, linkage, pprl, aml,
  federation, federationShare, federationQuery, federationPprl, webFederation];

export const catalog: Record<string, Entry> = {};
for (const area of areas) {
  for (const [key, entry] of Object.entries(area)) {
    if (key in catalog) throw new Error(`duplicate catalogue key ${key}`);
    catalog[key] = entry;
  }
}

/** Flat key → text resources per language, in the shape i18next expects. */
export function resources(): Record<Lang, { translation: Record<string, string> }> {
  const en: Record<string, string> = {};
  const es: Record<string, string> = {};
  for (const [k, v] of Object.entries(catalog)) { en[k] = v.en; es[k] = v.es; }
  return { en: { translation: en }, es: { translation: es } };
}

export function hasKey(key: string): boolean { return key in catalog; }

/** Translate outside React (CLI, API, parsers). Unknown keys come back as the key itself. */
export function t(lang: Lang, key: string, vars: Record<string, unknown> = {}): string {
  const entry = catalog[key];
  const text = entry ? entry[lang] : key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => (name in vars ? String(vars[name]) : `{{${name}}}`));
}

/** Both languages at once, for errors and logs read on either side of the border. */
export function both(key: string, vars: Record<string, unknown> = {}): { en: string; es: string } {
  return { en: t('en', key, vars), es: t('es', key, vars) };
}

/** Picks a language from an Accept-Language header or a LANG-style environment value. */
export function pickLang(value: string | undefined | null): Lang {
  if (!value) return 'en';
  return /^\s*es\b|[,;]\s*es\b|^es[_-]/i.test(value) && !/^\s*en\b/i.test(value) ? 'es' : 'en';
}
