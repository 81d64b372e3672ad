import type { Area } from '../types';

/** Catalogue area 'pprl'. Keys start with 'pprl.' and are unique across areas. */
export default {
  'pprl.cli.command': {
    en: 'privacy-preserving record linkage: encode records into keyed Bloom filters (CLK), match encodings without the key',
    es: 'vinculación de registros con preservación de la privacidad: codifica registros en filtros de Bloom con clave (CLK), empareja codificaciones sin la clave',
  },
  'pprl.cli.encode': {
    en: 'encode a CSV of person records into 1,024-bit CLK encodings keyed with a secret (.clk.jsonl)',
    es: 'codifica un CSV de registros de personas en codificaciones CLK de 1.024 bits con una clave secreta (.clk.jsonl)',
  },
  'pprl.cli.match': {
    en: 'match two .clk.jsonl files on Dice similarity (never reads the secret)',
    es: 'empareja dos archivos .clk.jsonl por similitud de Dice (nunca lee la clave secreta)',
  },
  'pprl.cli.secretFile': {
    en: 'file holding the secret key (at least 16 bytes; both parties use the same one; keep it from the matcher)',
    es: 'archivo con la clave secreta (al menos 16 bytes; ambas partes usan la misma; no se entrega a quien empareja)',
  },
  'pprl.cli.input': { en: 'records CSV file (columns below)', es: 'archivo CSV de registros (columnas abajo)' },
  'pprl.cli.output': { en: 'file to write', es: 'archivo a escribir' },
  'pprl.cli.left': { en: 'left encodings (.clk.jsonl)', es: 'codificaciones de la izquierda (.clk.jsonl)' },
  'pprl.cli.right': { en: 'right encodings (.clk.jsonl)', es: 'codificaciones de la derecha (.clk.jsonl)' },
  'pprl.cli.threshold': {
    en: 'lowest Dice similarity written, in (0, 1] (default {{threshold}}; {{oneToOne}} with --one-to-one)',
    es: 'similitud de Dice mínima que se escribe, en (0, 1] (por omisión {{threshold}}; {{oneToOne}} con --one-to-one)',
  },
  'pprl.cli.oneToOne': {
    en: 'keep only a greedy one-to-one assignment (best score first): for two sources without duplicates',
    es: 'conserva solo una asignación uno a uno voraz (mejor puntuación primero): para dos fuentes sin duplicados',
  },
  'pprl.cli.blocking': {
    en: "'none': every pair passing the exact length filter (default up to 2·10⁹ pairs); 'lsh': Hamming-LSH on the encodings (no key; may miss a few pairs; default above)",
    es: "'none': todos los pares que pasan el filtro exacto de longitud (por omisión hasta 2·10⁹ pares); 'lsh': LSH de Hamming sobre las codificaciones (sin clave; puede perder algunos pares; por omisión por encima)",
  },
  'pprl.cli.workers': { en: 'worker threads for matching (default: one per core)', es: 'hilos de trabajo para emparejar (por omisión: uno por núcleo)' },
  'pprl.cli.columns': {
    en: `Input CSV (encode): one record per row; id column rec_id (or id); other columns by name: given_name, surname,
  second_surname, date_of_birth, sex, street_number, address_1, address_2, suburb, city, postcode, state, country,
  phone, soc_sec_id, id_number (any may be missing or empty; other columns are ignored)
Encodings (.clk.jsonl): a header line with the encoding schema (not the key), then {"id", "clk" (base64)} per line
Output CSV (match): left_id,right_id,score — Dice similarity in [0, 1] of every pair at or above the threshold`,
    es: `CSV de entrada (encode): un registro por fila; columna de id rec_id (o id); las demás por nombre: given_name,
  surname, second_surname, date_of_birth, sex, street_number, address_1, address_2, suburb, city, postcode, state,
  country, phone, soc_sec_id, id_number (cualquiera puede faltar o estar vacía; otras columnas se ignoran)
Codificaciones (.clk.jsonl): una línea de encabezado con el esquema de codificación (no la clave) y luego
  {"id", "clk" (base64)} por línea
CSV de salida (match): left_id,right_id,score — similitud de Dice en [0, 1] de cada par en o sobre el umbral`,
  },
  'pprl.cli.encoded': {
    en: '{{count}} records encoded into {{file}} ({{bits}} bits, XOR-folded)',
    es: '{{count}} registros codificados en {{file}} ({{bits}} bits, plegado XOR)',
  },
  'pprl.cli.matched': {
    en: '{{pairs}} pairs with Dice ≥ {{threshold}} written to {{file}} ({{left}} × {{right}} encodings)',
    es: '{{pairs}} pares con Dice ≥ {{threshold}} escritos en {{file}} ({{left}} × {{right}} codificaciones)',
  },
  'pprl.error.missingOption': { en: 'missing option {{option}}', es: 'falta la opción {{option}}' },
  'pprl.error.badOption': { en: 'invalid value for {{option}}: {{value}}', es: 'valor no válido para {{option}}: {{value}}' },
  'pprl.error.notFound': { en: '{{file}}: file not found', es: '{{file}}: archivo no encontrado' },
  'pprl.error.read': { en: '{{file}}: cannot read ({{detail}})', es: '{{file}}: no se puede leer ({{detail}})' },
  'pprl.error.write': { en: '{{file}}: cannot write ({{detail}})', es: '{{file}}: no se puede escribir ({{detail}})' },
  'pprl.error.shortSecret': {
    en: '{{file}}: the secret has {{bytes}} bytes; use at least 16 random bytes (e.g. openssl rand -hex 32)',
    es: '{{file}}: la clave tiene {{bytes}} bytes; use al menos 16 bytes aleatorios (p. ej. openssl rand -hex 32)',
  },
  'pprl.error.noHeader': {
    en: '{{file}}, line 1: not a Puente CLK file (the first line must be the encoding header)',
    es: '{{file}}, línea 1: no es un archivo CLK de Puente (la primera línea debe ser el encabezado de la codificación)',
  },
  'pprl.error.badHeader': {
    en: '{{file}}, line 1: invalid encoding header ({{detail}})',
    es: '{{file}}, línea 1: encabezado de codificación no válido ({{detail}})',
  },
  'pprl.error.badLine': {
    en: '{{file}}, line {{line}}: {{detail}}',
    es: '{{file}}, línea {{line}}: {{detail}}',
  },
  'pprl.error.badJson': { en: 'not valid JSON', es: 'no es JSON válido' },
  'pprl.error.badId': { en: 'field "id" missing or empty', es: 'falta el campo "id" o está vacío' },
  'pprl.error.duplicateId': { en: 'field "id": duplicate id {{id}}', es: 'campo "id": id repetido {{id}}' },
  'pprl.error.badClk': {
    en: 'field "clk": expected {{bits}} bits in base64',
    es: 'campo "clk": se esperaban {{bits}} bits en base64',
  },
  'pprl.error.incompatible': {
    en: '{{left}} and {{right}} were encoded with different schemas ({{detail}}); their encodings cannot be compared',
    es: '{{left}} y {{right}} se codificaron con esquemas distintos ({{detail}}); sus codificaciones no se pueden comparar',
  },
  'pprl.error.differentKeys': {
    en: '{{left}} and {{right}} were encoded with different secrets; their encodings cannot be compared',
    es: '{{left}} y {{right}} se codificaron con claves distintas; sus codificaciones no se pueden comparar',
  },
} satisfies Area;
