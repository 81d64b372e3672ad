import type { Area } from '../types';

/** Catalogue area 'aml'. Keys start with 'aml.' and are unique across areas. */
export default {
} satisfies Area;
