import type { Area } from '../types';

/** Catalogue area 'screening': designation lists, their parsers and the `puente screen` command. */
export default {
  // List parsers (OFAC CSV / XML, FtM JSON lines): where and what
  'screening.parse.at': {
    en: '{{file}}, line {{line}}, field {{field}}: {{problem}}',
    es: '{{file}}, línea {{line}}, campo {{field}}: {{problem}}',
  },
  'screening.parse.bad_csv': { en: 'malformed CSV ({{detail}})', es: 'CSV mal formado ({{detail}})' },
  'screening.parse.columns': {
    en: 'expected {{expected}} columns, found {{found}}',
    es: 'se esperaban {{expected}} columnas y hay {{found}}',
  },
  'screening.parse.not_integer': { en: 'not an integer: "{{value}}"', es: 'no es un número entero: "{{value}}"' },
  'screening.parse.missing': { en: 'a value is required', es: 'falta un valor obligatorio' },
  'screening.parse.unknown_value': { en: 'unknown value "{{value}}"', es: 'valor desconocido "{{value}}"' },
  'screening.parse.bad_xml': { en: 'malformed XML ({{detail}})', es: 'XML mal formado ({{detail}})' },
  'screening.parse.bad_json': { en: 'not a JSON object ({{detail}})', es: 'no es un objeto JSON ({{detail}})' },
  'screening.parse.bad_encoding': { en: 'the bytes are not valid UTF-8', es: 'los bytes no son UTF-8 válido' },
  'screening.parse.no_files': {
    en: 'no OFAC list files in {{dir}} (looked for sdn.csv, cons_prim.csv, sdn.xml, sdn_advanced.xml, consolidated.xml, cons_advanced.xml)',
    es: 'no hay archivos de listas OFAC en {{dir}} (se buscó sdn.csv, cons_prim.csv, sdn.xml, sdn_advanced.xml, consolidated.xml, cons_advanced.xml)',
  },
  'screening.parse.orphan': {
    en: '{{file}}: {{count}} rows refer to entries the primary file does not contain (ignored)',
    es: '{{file}}: {{count}} filas se refieren a registros que el archivo principal no contiene (se ignoran)',
  },
  'screening.parse.duplicate': { en: 'entry {{id}} appears twice', es: 'el registro {{id}} aparece dos veces' },
  // The query file of a batch screening (CLI --input, web upload)
  'screening.parse.query_columns': {
    en: 'the header must have the columns id and name (found: {{found}})',
    es: 'el encabezado debe tener las columnas id y name (hay: {{found}})',
  },
  'screening.parse.bad_schema': {
    en: '"{{value}}" — one of Person, Organization, Company, Vessel, Airplane, LegalEntity',
    es: '"{{value}}" — uno de Person, Organization, Company, Vessel, Airplane, LegalEntity',
  },
  'screening.parse.bad_country': { en: '"{{value}}" — an ISO 3166 alpha-2 code such as MX', es: '"{{value}}" — un código ISO 3166 alfa-2 como MX' },
  'screening.parse.bad_birth_date': { en: '"{{value}}" — YYYY or YYYY-MM-DD', es: '"{{value}}" — AAAA o AAAA-MM-DD' },
  'screening.parse.too_many_rows': {
    en: 'more than {{max}} rows: split the file',
    es: 'más de {{max}} filas: divida el archivo',
  },

  // Services and API
  'screening.error.name': { en: 'Give a name to screen (1 to 500 characters)', es: 'Indique un nombre para cotejar (de 1 a 500 caracteres)' },
  'screening.error.field': { en: 'Invalid {{field}}: "{{value}}"', es: '{{field}} no válido: "{{value}}"' },
  'screening.error.no_lists': {
    en: 'No designation list has been imported into this node yet',
    es: 'Todavía no se ha importado ninguna lista de designados en este nodo',
  },
  'screening.error.decision': { en: 'The decision must be match or false_positive', es: 'La decisión debe ser match o false_positive' },
  'screening.error.reason': {
    en: 'A decision needs a reason (1 to {{max}} characters)',
    es: 'Una decisión necesita un motivo (de 1 a {{max}} caracteres)',
  },

  // One line per policy @id of authz/policies/40-screening.cedar: the explanation shown for a decision.
  'auth.policy.screening-by-purpose': {
    en: 'Analysts and supervisors screen names, read and decide hits for sanctions screening or financial intelligence',
    es: 'Analistas y supervisores cotejan nombres, consultan y resuelven coincidencias para control de sanciones o inteligencia financiera',
  },
  'auth.policy.screening-read-oversight': {
    en: 'Auditors read screenings, hits, decisions and alerts for the purpose of oversight',
    es: 'Los auditores consultan cotejos, coincidencias, decisiones y alertas con la finalidad de supervisión',
  },
  'auth.policy.screening-lists-supervisor': {
    en: 'Supervisors import new versions of designation lists',
    es: 'Los supervisores importan nuevas versiones de las listas de designados',
  },

  // The demo world's screening layer
  'demo.layer.screening': {
    en: 'A synthetic designation list in two versions: the world\'s designated people and companies, and listed namesakes of innocent people',
    es: 'Una lista sintética de designados en dos versiones: las personas y empresas designadas del mundo, y homónimos listados de personas inocentes',
  },

  // `puente screen`
  'screening.cli.description': {
    en: 'screen names against designation lists (OFAC, FtM JSON lines) and write the hits as CSV',
    es: 'coteja nombres con listas de designados (OFAC, líneas JSON FtM) y escribe las coincidencias en CSV',
  },
  'screening.cli.opt.list': {
    en: 'a list to screen against: ofac:<folder> (SDN/Consolidated CSV or XML) or ftm:<file> (FtM JSON lines); repeatable',
    es: 'lista contra la que cotejar: ofac:<carpeta> (CSV o XML de SDN/Consolidated) o ftm:<archivo> (líneas JSON FtM); repetible',
  },
  'screening.cli.opt.input': {
    en: 'CSV of queries: id,name and optional schema, country, birth_date',
    es: 'CSV de consultas: id,name y, opcionalmente, schema, country, birth_date',
  },
  'screening.cli.opt.output': {
    en: 'CSV to write: query_id,rank,entry_id,entry_name,matched_name,score,explanation',
    es: 'CSV de salida: query_id,rank,entry_id,entry_name,matched_name,score,explanation',
  },
  'screening.cli.opt.threshold': {
    en: 'report candidates scoring at least this, 0–1 (default {{default}})',
    es: 'informa candidatos con puntuación de al menos este valor, 0–1 (por omisión {{default}})',
  },
  'screening.cli.opt.top': {
    en: 'at most this many hits per query (default {{default}})',
    es: 'como máximo este número de coincidencias por consulta (por omisión {{default}})',
  },
  'screening.cli.opt.workers': {
    en: 'worker threads for large inputs (default: one per core)',
    es: 'hilos de trabajo para entradas grandes (por omisión: uno por núcleo)',
  },
  'screening.cli.loaded': {
    en: 'Loaded {{entries}} entries ({{names}} names) from {{lists}} list(s) in {{seconds}} s',
    es: 'Se cargaron {{entries}} registros ({{names}} nombres) de {{lists}} lista(s) en {{seconds}} s',
  },
  'screening.cli.done': {
    en: 'Screened {{queries}} queries: {{hits}} hits for {{withHits}} queries, written to {{output}} ({{seconds}} s)',
    es: 'Se cotejaron {{queries}} consultas: {{hits}} coincidencias para {{withHits}} consultas, escritas en {{output}} ({{seconds}} s)',
  },
  'screening.cli.warning': { en: 'warning: {{message}}', es: 'aviso: {{message}}' },
  'screening.cli.error.listSpec': {
    en: 'bad --list "{{value}}": use ofac:<folder> or ftm:<file>',
    es: '--list "{{value}}" no válido: use ofac:<carpeta> o ftm:<archivo>',
  },
  'screening.cli.error.noList': { en: 'give at least one --list', es: 'indique al menos una --list' },
  'screening.cli.error.notFound': { en: 'not found: {{path}}', es: 'no existe: {{path}}' },
  'screening.cli.error.inputColumns': {
    en: '{{file}}: the header must have the columns id and name (found: {{found}})',
    es: '{{file}}: el encabezado debe tener las columnas id y name (hay: {{found}})',
  },
  'screening.cli.error.badNumber': {
    en: 'bad {{option}} "{{value}}": expected {{expected}}',
    es: '{{option}} "{{value}}" no válido: se esperaba {{expected}}',
  },
  'screening.cli.error.badQuery': {
    en: '{{file}}, line {{line}}, field {{field}}: {{problem}}',
    es: '{{file}}, línea {{line}}, campo {{field}}: {{problem}}',
  },
  'screening.cli.expected.threshold': { en: 'a number from 0 to 1', es: 'un número de 0 a 1' },
  'screening.cli.expected.top': { en: 'a whole number from 1 to 1000', es: 'un número entero de 1 a 1000' },
  'screening.cli.expected.workers': { en: 'a whole number from 0 to 64', es: 'un número entero de 0 a 64' },
  'screening.cli.expected.schema': {
    en: 'one of Person, Organization, Company, Vessel, Airplane, LegalEntity',
    es: 'uno de Person, Organization, Company, Vessel, Airplane, LegalEntity',
  },
  'screening.cli.expected.country': { en: 'an ISO 3166 alpha-2 code such as MX', es: 'un código ISO 3166 alfa-2 como MX' },
  'screening.cli.expected.birthDate': { en: 'YYYY or YYYY-MM-DD', es: 'AAAA o AAAA-MM-DD' },
} satisfies Area;
