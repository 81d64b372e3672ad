import type { Area } from '../types';

/** Catalogue area 'pprl'. Keys start with 'pprl.' and are unique across areas. */
export default {
} satisfies Area;
