import type { Area } from '../types';

/** Catalogue area 'hotspots'. Keys start with 'hotspots.' and are unique across areas. */
export default {
  'hotspots.cli.command': {
    en: 'hot spots: local Getis-Ord Gi / Gi* or local Moran\'s I z-scores for areas (R spdep conventions)',
    es: 'puntos calientes: puntuaciones z de Getis-Ord Gi / Gi* locales o de I de Moran local por área (convenciones de R spdep)',
  },
  'hotspots.cli.method': { en: 'statistic: gi | gistar | moran', es: 'estadístico: gi | gistar | moran' },
  'hotspots.cli.input': { en: 'values CSV file (columns below)', es: 'archivo CSV de valores (columnas abajo)' },
  'hotspots.cli.neighbors': { en: 'neighbour edges CSV file (columns below)', es: 'archivo CSV de aristas de vecindad (columnas abajo)' },
  'hotspots.cli.output': { en: 'z-scores CSV file to write (columns below)', es: 'archivo CSV de puntuaciones z a escribir (columnas abajo)' },
  'hotspots.cli.style': {
    en: "weights: 'W' row-standardised (default) or 'B' binary / as given; z-scores of Gi, Gi* and local Moran do not depend on it",
    es: "pesos: 'W' estandarizados por fila (por omisión) o 'B' binarios / como se dan; las z de Gi, Gi* y Moran local no dependen de ello",
  },
  'hotspots.cli.permutations': {
    en: 'also compute conditional-permutation pseudo p-values with this many permutations (column p_sim)',
    es: 'calcula además pseudo valores p por permutación condicional con este número de permutaciones (columna p_sim)',
  },
  'hotspots.cli.seed': { en: 'random seed for the permutations (default 12345)', es: 'semilla aleatoria de las permutaciones (por omisión 12345)' },
  'hotspots.cli.columns': {
    en: `Input (--input, UTF-8 CSV with a header): id,value — one row per area, value a finite number
Neighbours (--neighbors): from,to[,weight] — one row per directed link (list both directions for contiguity,
  as spdep writes them); ids must be in the input; weight optional (default 1), non-negative
Output (--output): id,value,z,p[,p_sim] — in input order
  z      gi: Getis-Ord Gi (self excluded); gistar: Gi* (self included); moran: local Moran's I (conditional
         randomisation, spdep localmoran defaults); NA for areas without neighbours
  p      two-sided normal p-value
  p_sim  pseudo p-value of the conditional permutation test (with --permutations)
For moran the global Moran's I (randomisation) is printed on standard output.`,
    es: `Entrada (--input, CSV UTF-8 con encabezado): id,value — una fila por área, value un número finito
Vecinos (--neighbors): from,to[,weight] — una fila por enlace dirigido (para contigüidad, ambas direcciones, como
  las escribe spdep); los id deben estar en la entrada; weight opcional (por omisión 1), no negativo
Salida (--output): id,value,z,p[,p_sim] — en el orden de la entrada
  z      gi: Gi de Getis-Ord (sin el área misma); gistar: Gi* (con el área misma); moran: I de Moran local
         (aleatorización condicional, valores por omisión de localmoran de spdep); NA para áreas sin vecinos
  p      valor p normal bilateral
  p_sim  pseudo valor p de la prueba de permutación condicional (con --permutations)
Con moran, el I de Moran global (aleatorización) se imprime en la salida estándar.`,
  },
  'hotspots.cli.done': {
    en: '{{areas}} areas, {{links}} links, {{hot}} hot and {{cold}} cold spots at 95 % ({{method}}) written to {{file}}',
    es: '{{areas}} áreas, {{links}} enlaces, {{hot}} puntos calientes y {{cold}} fríos al 95 % ({{method}}) escritos en {{file}}',
  },
  'hotspots.cli.globalMoran': {
    en: "Global Moran's I = {{I}} (expected {{expected}}, z = {{z}}, p = {{p}})",
    es: 'I de Moran global = {{I}} (esperado {{expected}}, z = {{z}}, p = {{p}})',
  },
  'hotspots.error.missingOption': { en: 'missing option {{option}}', es: 'falta la opción {{option}}' },
  'hotspots.error.badOption': { en: 'invalid value for {{option}}: {{value}}', es: 'valor no válido para {{option}}: {{value}}' },
  'hotspots.error.notFound': { en: 'file not found: {{file}}', es: 'archivo no encontrado: {{file}}' },
  'hotspots.error.csv': { en: '{{file}}, line {{line}}: malformed CSV ({{detail}})', es: '{{file}}, línea {{line}}: CSV mal formado ({{detail}})' },
  'hotspots.error.empty': { en: '{{file}}: no data rows', es: '{{file}}: no hay filas de datos' },
  'hotspots.error.tooFew': { en: '{{file}}: at least 3 areas are needed', es: '{{file}}: se necesitan al menos 3 áreas' },
  'hotspots.error.missingColumn': { en: '{{file}}, line 1, field {{field}}: missing column', es: '{{file}}, línea 1, campo {{field}}: falta la columna' },
  'hotspots.error.badValue': { en: '{{file}}, line {{line}}, field {{field}}: not a finite number: {{value}}', es: '{{file}}, línea {{line}}, campo {{field}}: no es un número finito: {{value}}' },
  'hotspots.error.emptyId': { en: '{{file}}, line {{line}}, field {{field}}: empty id', es: '{{file}}, línea {{line}}, campo {{field}}: id vacío' },
  'hotspots.error.duplicateId': { en: '{{file}}, line {{line}}, field id: {{value}} repeated', es: '{{file}}, línea {{line}}, campo id: {{value}} repetido' },
  'hotspots.error.unknownId': {
    en: '{{file}}, line {{line}}, field {{field}}: {{value}} is not an id of the values file',
    es: '{{file}}, línea {{line}}, campo {{field}}: {{value}} no es un id del archivo de valores',
  },
  'hotspots.error.selfEdge': { en: '{{file}}, line {{line}}, field to: an area cannot be its own neighbour ({{value}})', es: '{{file}}, línea {{line}}, campo to: un área no puede ser su propia vecina ({{value}})' },
  'hotspots.error.duplicateEdge': { en: '{{file}}, line {{line}}, field to: link {{from}} → {{value}} repeated', es: '{{file}}, línea {{line}}, campo to: enlace {{from}} → {{value}} repetido' },
  'hotspots.error.badWeight': { en: '{{file}}, line {{line}}, field weight: not a non-negative number: {{value}}', es: '{{file}}, línea {{line}}, campo weight: no es un número no negativo: {{value}}' },
} satisfies Area;
