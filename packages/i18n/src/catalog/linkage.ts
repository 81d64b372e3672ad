import type { Area } from '../types';

/** Catalogue area 'linkage'. Keys start with 'linkage.' and are unique across areas. */
export default {
} satisfies Area;
