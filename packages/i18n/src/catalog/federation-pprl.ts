import type { Area } from '../types';

/** Catalogue area 'federation-pprl' (issue 6). Keys start with 'federation.pprl.' (policy explanations: 'auth.policy.<id>'). */
export default {
} satisfies Area;
