import type { Area } from '../types';

/** Catalogue area 'web-federation' (issue 6): the federation screens. Keys start with 'web.federation.'. */
export default {
} satisfies Area;
