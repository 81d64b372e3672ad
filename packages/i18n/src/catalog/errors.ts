import type { Area } from '../types';

/** Errors a user can act on. Every API error carries one of these codes. */
export default {
  'error.internal': { en: 'Internal error (request {{requestId}})', es: 'Error interno (solicitud {{requestId}})' },
  'error.not_found': { en: 'Not found', es: 'No encontrado' },
  'error.forbidden': { en: 'Access denied by policy', es: 'Acceso denegado por la política' },
  'error.unauthenticated': { en: 'Please log in', es: 'Inicie sesión' },
  'error.rate_limited': { en: 'Too many requests; try again later', es: 'Demasiadas solicitudes; intente más tarde' },
  'error.validation': { en: 'Invalid input: {{detail}}', es: 'Entrada no válida: {{detail}}' },
} satisfies Area;
