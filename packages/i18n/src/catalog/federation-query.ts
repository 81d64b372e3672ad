import type { Area } from '../types';

/** Catalogue area 'federation-query' (issue 6). Keys start with 'federation.query.' (policy explanations: 'auth.policy.<id>'). */
export default {
} satisfies Area;
