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
  // Financial intelligence (services/aml)
  'error.aml.date': { en: '{{field}} must be a date YYYY-MM-DD', es: '{{field}} debe ser una fecha AAAA-MM-DD' },
  'error.aml.train': { en: 'The model could not be trained: {{detail}}', es: 'No se pudo entrenar el modelo: {{detail}}' },
  'error.aml.note': { en: 'Write a note (at most {{max}} characters)', es: 'Escriba una nota (como máximo {{max}} caracteres)' },
  'error.aml.closeReason': { en: 'Close with one of these reasons: {{reasons}}', es: 'Cierre con uno de estos motivos: {{reasons}}' },
  'error.aml.escalated': { en: 'The alert is part of a case; work on it there', es: 'La alerta forma parte de un caso; trabájela ahí' },
  'error.aml.title': { en: 'A case needs a title (at most 300 characters)', es: 'Un caso necesita un título (como máximo 300 caracteres)' },
  'error.aml.alerts': { en: 'Open a case from 1 to 500 alerts', es: 'Abra un caso con 1 a 500 alertas' },
  'error.aml.snapshot': { en: 'The evidence is too large (at most 1 MB)', es: 'La evidencia es demasiado grande (como máximo 1 MB)' },
  'error.aml.window': { en: 'The time window is not valid (from must be a date before to)', es: 'La ventana de tiempo no es válida (desde debe ser una fecha anterior a hasta)' },
} satisfies Area;
