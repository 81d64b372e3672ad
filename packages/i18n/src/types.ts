/** One catalogue entry: the English and the Spanish text side by side, so neither can be forgotten.
 *  Interpolation uses i18next's `{{name}}` syntax in both languages. */
export interface Entry { en: string; es: string }
export type Area = Record<string, Entry>;
export type Lang = 'en' | 'es';
export const LANGS: readonly Lang[] = ['en', 'es'];
