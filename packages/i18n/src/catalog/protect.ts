import type { Area } from '../types';

/**
 * Catalogue area 'protect' (issue 7): drug early warning, homicide analytics, the Network for Homicide
 * Prevention. Keys start with 'protect.' (and 'auth.policy.protect-*' for the policies' explanations).
 */
export default {
  // ---- parsers (file, line, field) ----
  'protect.parse.at': { en: '{{file}}, line {{line}}, field {{field}}: {{problem}}', es: '{{file}}, línea {{line}}, campo {{field}}: {{problem}}' },
  'protect.parse.bad_encoding': { en: 'the file is not UTF-8 or Windows-1252 text', es: 'el archivo no es texto UTF-8 ni Windows-1252' },
  'protect.parse.bad_csv': { en: 'malformed CSV ({{detail}})', es: 'CSV mal formado ({{detail}})' },
  'protect.parse.empty': { en: 'the file is empty', es: 'el archivo está vacío' },
  'protect.parse.columns': { en: 'expected {{expected}} fields, found {{found}}', es: 'se esperaban {{expected}} campos, hay {{found}}' },
  'protect.parse.missing_column': { en: 'the header has no column "{{column}}"', es: 'el encabezado no tiene la columna "{{column}}"' },
  'protect.parse.bad_count': { en: '"{{value}}" is not a count (a non-negative integer, empty or NA)', es: '"{{value}}" no es un conteo (un entero no negativo, vacío o NA)' },
  'protect.parse.bad_value': { en: 'unexpected value "{{value}}"', es: 'valor inesperado "{{value}}"' },
  'protect.parse.bad_code': { en: '"{{value}}" is not a valid place code', es: '"{{value}}" no es una clave de lugar válida' },
  'protect.parse.bad_period': { en: '"{{value}}" is not a period (YYYY-MM or YYYY-Www)', es: '"{{value}}" no es un periodo (AAAA-MM o AAAA-Www)' },
  'protect.parse.mixed_periods': { en: '"{{value}}": months and weeks mixed in one series', es: '"{{value}}": meses y semanas mezclados en una serie' },
  'protect.parse.duplicate': { en: '{{value}} appears twice', es: '{{value}} aparece dos veces' },
  'protect.parse.unknown_place': { en: 'unknown place "{{value}}" (give place_name to add it)', es: 'lugar desconocido "{{value}}" (indique place_name para agregarlo)' },
  'protect.parse.unknown_indicator': { en: 'unknown indicator "{{value}}"', es: 'indicador desconocido "{{value}}"' },
  'protect.parse.span_too_long': { en: 'a series may span at most {{max}} periods', es: 'una serie puede abarcar a lo sumo {{max}} periodos' },
  'protect.parse.no_file': { en: 'no file at {{path}}', es: 'no hay archivo en {{path}}' },
  'protect.parse.bad_json': { en: 'not valid JSON', es: 'no es JSON válido' },

  // ---- API errors ----
  'protect.error.unknown_indicator': { en: 'Unknown indicator {{value}}', es: 'Indicador desconocido {{value}}' },
  'protect.error.unknown_place': { en: 'Unknown place {{value}}', es: 'Lugar desconocido {{value}}' },
  'protect.error.bad_params': { en: 'Invalid method parameters: {{detail}}', es: 'Parámetros del método no válidos: {{detail}}' },
  'protect.error.no_boundaries': { en: 'Boundary set {{set}} is not available on this node', es: 'El conjunto de límites {{set}} no está disponible en este nodo' },
  'protect.error.no_neighbours': { en: 'No neighbour list for these places: load their boundaries first', es: 'No hay lista de vecinos para estos lugares: cargue primero sus límites' },
  'protect.error.entity_unknown': { en: 'Record {{id}} is not known to this node or not readable', es: 'El registro {{id}} no existe en este nodo o no es legible' },

  // ---- policies (authz test: every policy explained in both languages) ----
  'auth.policy.protect-read': {
    en: 'Analysts, supervisors and auditors read case counts, alerts, hot spots and practices (aggregates, not personal data).',
    es: 'Analistas, supervisores y auditores consultan conteos, alertas, puntos calientes y prácticas (agregados, no datos personales).',
  },
  'auth.policy.protect-work-analyst': {
    en: 'Analysts and supervisors import counts, manage alert rules and publish practices.',
    es: 'Analistas y supervisores importan conteos, administran reglas de alerta y publican prácticas.',
  },
  'auth.policy.protect-case-read-by-purpose': {
    en: 'An analyst or supervisor reads a task-force case when the stated purpose is one of the case’s purposes.',
    es: 'Un analista o supervisor consulta un caso de fuerza de tarea cuando la finalidad declarada es una de las del caso.',
  },
  'auth.policy.protect-case-read-oversight': {
    en: 'An auditor stating "oversight" reads any task-force case within its distribution.',
    es: 'Un auditor que declara "supervisión" consulta cualquier caso de fuerza de tarea dentro de su distribución.',
  },
  'auth.policy.protect-case-distribution': {
    en: 'A task-force case never reaches a user outside its distribution.',
    es: 'Un caso de fuerza de tarea nunca llega a un usuario fuera de su distribución.',
  },
  'auth.policy.protect-case-needs-purpose': {
    en: 'A task-force case with personal data is read only for a stated purpose.',
    es: 'Un caso de fuerza de tarea con datos personales solo se consulta con una finalidad declarada.',
  },
  'auth.policy.protect-case-write-own-agency': {
    en: 'Analysts and supervisors of the owner agency open task-force cases and link items to them.',
    es: 'Analistas y supervisores de la dependencia propietaria abren casos de fuerza de tarea y les vinculan elementos.',
  },
  'auth.policy.protect-case-locked-read-only': {
    en: 'A case received from the partner node is read-only.',
    es: 'Un caso recibido del nodo socio es de solo lectura.',
  },

  // ---- e-mail outbox ----
  'protect.email.subject': { en: 'Puente alert: {{place}}, {{period}}', es: 'Alerta de Puente: {{place}}, {{period}}' },
  'protect.email.body': {
    en: '{{indicator}} in {{place}} for {{period}}: {{observed}} observed, above the upper bound {{upper}}. Open the alert inbox in Puente for the explanation.',
    es: '{{indicator}} en {{place}} en {{period}}: {{observed}} observados, por encima del umbral superior {{upper}}. Abra la bandeja de alertas de Puente para ver la explicación.',
  },

  'protect.demo.layer': {
    en: 'Protect: synthetic municipalities and counties with boundaries, monthly overdose, emergency-visit, treatment and homicide series with injected outbreaks and violence clusters, homicide points, practices and a task-force case',
    es: 'Proteger: municipios y condados sintéticos con límites, series mensuales de sobredosis, urgencias, tratamiento y homicidios con brotes y conglomerados de violencia inyectados, puntos de homicidio, prácticas y un caso de fuerza de tarea',
  },
} satisfies Area;
