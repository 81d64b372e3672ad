import type { Area } from '../types';

/** Catalogue area 'linkage'. Keys start with 'linkage.' and are unique across areas. */
export default {
  // reader of the record CSV format (issue 4)
  'linkage.error.notFound': { en: 'file not found: {{file}}', es: 'archivo no encontrado: {{file}}' },
  'linkage.error.read': { en: '{{file}}: cannot read ({{detail}})', es: '{{file}}: no se puede leer ({{detail}})' },
  'linkage.error.csv': { en: '{{file}}, line {{line}}, field {{field}}: malformed CSV ({{detail}})', es: '{{file}}, línea {{line}}, campo {{field}}: CSV mal formado ({{detail}})' },
  'linkage.error.empty': { en: '{{file}}, line 1, field header: no header row', es: '{{file}}, línea 1, campo encabezado: no hay fila de encabezado' },
  'linkage.error.noIdColumn': {
    en: '{{file}}, line 1, field rec_id: missing id column (rec_id or id)',
    es: '{{file}}, línea 1, campo rec_id: falta la columna de id (rec_id o id)',
  },
  'linkage.error.duplicateColumn': { en: '{{file}}, line 1, field {{field}}: column repeated', es: '{{file}}, línea 1, campo {{field}}: columna repetida' },
  'linkage.error.emptyId': { en: '{{file}}, line {{line}}, field {{field}}: empty id', es: '{{file}}, línea {{line}}, campo {{field}}: id vacío' },
  'linkage.error.duplicateId': { en: '{{file}}, line {{line}}, field {{field}}: id {{value}} repeated', es: '{{file}}, línea {{line}}, campo {{field}}: id {{value}} repetido' },
  'linkage.error.missingOption': { en: 'missing option {{option}}', es: 'falta la opción {{option}}' },
  'linkage.error.badOption': { en: 'invalid value for {{option}}: {{value}}', es: 'valor no válido para {{option}}: {{value}}' },
  'linkage.error.write': { en: '{{file}}: cannot write ({{detail}})', es: '{{file}}: no se puede escribir ({{detail}})' },
  // CLI
  'linkage.cli.link': {
    en: 'probabilistic record linkage of two files (Fellegi–Sunter, m/u by EM, no labels needed)',
    es: 'vinculación probabilística de registros de dos archivos (Fellegi–Sunter, m/u por EM, sin etiquetas)',
  },
  'linkage.cli.dedupe': {
    en: 'find duplicate records within one file (Fellegi–Sunter, m/u by EM, no labels needed)',
    es: 'encuentra registros duplicados dentro de un archivo (Fellegi–Sunter, m/u por EM, sin etiquetas)',
  },
  'linkage.cli.left': { en: 'left records CSV (columns below)', es: 'CSV de registros de la izquierda (columnas abajo)' },
  'linkage.cli.right': { en: 'right records CSV (columns below)', es: 'CSV de registros de la derecha (columnas abajo)' },
  'linkage.cli.input': { en: 'records CSV (columns below)', es: 'CSV de registros (columnas abajo)' },
  'linkage.cli.output': { en: 'pairs CSV to write: left_id,right_id,score', es: 'CSV de pares a escribir: left_id,right_id,score' },
  'linkage.cli.threshold': {
    en: 'lowest match probability written, in [0, 1] (default {{value}}: the posterior probability of a match is above one half)',
    es: 'probabilidad de coincidencia mínima escrita, en [0, 1] (por omisión {{value}}: la probabilidad posterior de coincidencia supera la mitad)',
  },
  'linkage.cli.oneToOne': {
    en: 'link: keep at most one partner per record (mutual best pairs); use it only when each person appears at most once per file',
    es: 'link: conserva a lo sumo una pareja por registro (mejores pares mutuos); úsese solo si cada persona aparece a lo sumo una vez por archivo',
  },
  'linkage.cli.columns': {
    en: `Input (UTF-8 or Windows-1252 CSV with a header): one record per row; id column rec_id (or id); other columns
by name from given_name, surname, second_surname, date_of_birth, sex, street_number, address_1, address_2, suburb,
city, postcode, state, country, phone, soc_sec_id, id_number — any may be missing or empty; other columns ignored.
Dates: YYYYMMDD, YYYY-MM-DD or DD/MM/YYYY.
Output: left_id,right_id,score — score is the match probability in [0, 1], one row per pair at or above the
threshold, best first; for dedupe left_id < right_id.
The model (m/u probabilities per comparison level) is estimated from the data by EM, without labels; every
score is the sum of per-field match weights (log2 Bayes factors) and a prior.`,
    es: `Entrada (CSV UTF-8 o Windows-1252 con encabezado): un registro por fila; columna de id rec_id (o id); otras
columnas por nombre entre given_name, surname, second_surname, date_of_birth, sex, street_number, address_1,
address_2, suburb, city, postcode, state, country, phone, soc_sec_id, id_number — cualquiera puede faltar o estar
vacía; las demás columnas se ignoran. Fechas: AAAAMMDD, AAAA-MM-DD o DD/MM/AAAA.
Salida: left_id,right_id,score — score es la probabilidad de coincidencia en [0, 1], una fila por par con score
igual o mayor que el umbral, los mejores primero; en dedupe left_id < right_id.
El modelo (probabilidades m/u por nivel de comparación) se estima de los datos por EM, sin etiquetas; cada score
es la suma de los pesos de coincidencia por campo (factores de Bayes en log2) y una probabilidad previa.`,
  },
  'linkage.cli.done': {
    en: '{{pairs}} pairs at or above {{threshold}} from {{candidates}} candidate pairs written to {{file}}',
    es: '{{pairs}} pares con probabilidad de al menos {{threshold}} de {{candidates}} pares candidatos escritos en {{file}}',
  },
  // Explanations of the policies in authz/policies/60-linkage.cedar
  'auth.policy.linkage-by-purpose': {
    en: 'Analysts and supervisors read the review queue, pairs and profiles, and decide pairs, for a purpose that needs to know who is who',
    es: 'Analistas y supervisores consultan la cola de revisión, los pares y los perfiles, y resuelven pares, para una finalidad que requiere saber quién es quién',
  },
  'auth.policy.linkage-run-supervisor': {
    en: 'Supervisors run entity resolution over the node\'s records',
    es: 'Los supervisores ejecutan la resolución de entidades sobre los registros del nodo',
  },
  'auth.policy.linkage-read-oversight': {
    en: 'Auditors read the queue, pairs, decisions and profiles for the purpose of oversight',
    es: 'Los auditores consultan la cola, los pares, las decisiones y los perfiles con la finalidad de supervisión',
  },
} satisfies Area;
