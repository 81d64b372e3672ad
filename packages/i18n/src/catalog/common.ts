import type { Area } from '../types';

/** Words shared by every surface (web, CLI, API errors). */
export default {
  'app.name': { en: 'Puente', es: 'Puente' },
  'app.tagline': {
    en: 'U.S.–Mexico Bicentennial Framework: security, public health and safe communities',
    es: 'Entendimiento Bicentenario México–EE. UU.: seguridad, salud pública y comunidades seguras',
  },
  'country.US': { en: 'United States', es: 'Estados Unidos' },
  'country.MX': { en: 'Mexico', es: 'México' },
} satisfies Area;
