import type { Area } from '../types';

/** Catalogue area 'federation-share' (issue 6). Keys start with 'federation.share.' (policy explanations: 'auth.policy.<id>'). */
export default {
} satisfies Area;
