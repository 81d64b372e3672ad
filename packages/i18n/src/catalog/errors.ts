import type { Area } from '../types';

/** Errors a user can act on. Every API error carries one of these codes. */
export default {
  'error.internal': { en: 'Internal error (request {{requestId}})', es: 'Error interno (solicitud {{requestId}})' },
  'error.not_found': { en: 'Not found', es: 'No encontrado' },
  'error.forbidden': { en: 'Access denied by policy', es: 'Acceso denegado por la política' },
  'error.unauthenticated': { en: 'Please log in', es: 'Inicie sesión' },
  'error.rate_limited': { en: 'Too many requests; try again later', es: 'Demasiadas solicitudes; intente más tarde' },
  'error.validation': { en: 'Invalid input: {{detail}}', es: 'Entrada no válida: {{detail}}' },
  // Entity resolution (services/linkage)
  'error.linkage.threshold': {
    en: 'The link threshold must be above {{min}} and at most 1', es: 'El umbral de vinculación debe ser mayor que {{min}} y como máximo 1',
  },
  'error.linkage.reason': {
    en: 'Give a reason for the decision (at most {{max}} characters)', es: 'Indique el motivo de la decisión (como máximo {{max}} caracteres)',
  },
  'error.linkage.decision': { en: 'The decision is "match" or "no_match"', es: 'La decisión es "match" o "no_match"' },
  'error.linkage.samePair': { en: 'A pair is two different records', es: 'Un par son dos registros distintos' },
} satisfies Area;
