import type { Area } from '../types';

/** Catalogue area 'earlywarning'. Keys start with 'earlywarning.' and are unique across areas. */
export default {
  'earlywarning.cli.ew': { en: 'drug early warning: aberration detection on case-count series', es: 'alerta temprana de drogas: detección de aberraciones en series de conteos' },
  'earlywarning.cli.detect': {
    en: 'flag unusual counts in one or more series (EARS C1/C2/C3, CUSUM, Farrington, improved Farrington, ESSENCE)',
    es: 'señala conteos inusuales en una o varias series (EARS C1/C2/C3, CUSUM, Farrington, Farrington mejorado, ESSENCE)',
  },
  'earlywarning.cli.method': {
    en: 'method: ears-c1 | ears-c2 | ears-c3 | cusum | farrington | farrington-noufaily | essence',
    es: 'método: ears-c1 | ears-c2 | ears-c3 | cusum | farrington | farrington-noufaily | essence',
  },
  'earlywarning.cli.input': { en: 'series CSV file (columns below)', es: 'archivo CSV de series (columnas abajo)' },
  'earlywarning.cli.output': { en: 'alarms CSV file to write (columns below)', es: 'archivo CSV de alarmas a escribir (columnas abajo)' },
  'earlywarning.cli.c3': {
    en: "EARS C3 mode: 'r-compatible' (default; R surveillance 1.20.3, whose bound ignores the current point) or 'documented' (the published C3 statistic)",
    es: "modo de EARS C3: 'r-compatible' (por omisión; R surveillance 1.20.3, cuyo umbral ignora el punto actual) o 'documented' (el estadístico C3 publicado)",
  },
  'earlywarning.cli.alpha': { en: 'significance level (default: the method\'s: 0.001 C1/C2, 0.025 C3, 0.05 Farrington)', es: 'nivel de significancia (por omisión, el del método: 0.001 C1/C2, 0.025 C3, 0.05 Farrington)' },
  'earlywarning.cli.baseline': { en: 'EARS baseline length (default 7); ESSENCE baseline B (default 28)', es: 'longitud de la línea base EARS (por omisión 7); línea base B de ESSENCE (por omisión 28)' },
  'earlywarning.cli.minSigma': { en: 'EARS floor of the baseline standard deviation (default 0)', es: 'piso de la desviación estándar de la línea base EARS (por omisión 0)' },
  'earlywarning.cli.freq': {
    en: 'periods per year for Farrington (default: 12 for YYYY-MM periods or monthly dates, 52 for weekly dates and index periods)',
    es: 'periodos por año para Farrington (por omisión: 12 para periodos AAAA-MM o fechas mensuales, 52 para fechas semanales y periodos índice)',
  },
  'earlywarning.cli.years': { en: 'Farrington: years of history b (default 4)', es: 'Farrington: años de historia b (por omisión 4)' },
  'earlywarning.cli.window': { en: 'Farrington: half-window w (default 3 weekly, 2 monthly)', es: 'Farrington: semiventana w (por omisión 3 semanal, 2 mensual)' },
  'earlywarning.cli.noLimit54': { en: 'Farrington: report bounds even with fewer than 5 cases in the last 4 periods', es: 'Farrington: informa umbrales aunque haya menos de 5 casos en los últimos 4 periodos' },
  'earlywarning.cli.k': { en: 'CUSUM reference value k (default 1.04)', es: 'valor de referencia k de CUSUM (por omisión 1.04)' },
  'earlywarning.cli.h': { en: 'CUSUM decision limit h (default 2.26)', es: 'límite de decisión h de CUSUM (por omisión 2.26)' },
  'earlywarning.cli.referencePeriods': {
    en: 'CUSUM: number of leading periods that estimate the expected count m (default: the first half of each series)',
    es: 'CUSUM: número de periodos iniciales que estiman el conteo esperado m (por omisión: la primera mitad de cada serie)',
  },
  'earlywarning.cli.guard': { en: 'ESSENCE guard band g (default 2)', es: 'banda de guarda g de ESSENCE (por omisión 2)' },
  'earlywarning.cli.columns': {
    en: `Input (--input, UTF-8 CSV with a header): series_id,period,count
  series_id  any text; several series may share one file
  period     an index (1, 2, 3…), a month (YYYY-MM) or an ISO date (YYYY-MM-DD); regular steps, no gaps
             (weekly dates are dated series as R's epochAsDate = TRUE; daily dates enable ESSENCE day-of-week terms)
  count      a non-negative number; empty or NA = missing
Output (--output): series_id,period,count,expected,upper_bound,alarm — one row per input row, in period order
  expected     expected count (baseline mean, CUSUM m, Farrington fitted value, ESSENCE forecast)
  upper_bound  the count above which the period alarms (R's upperbound)
  alarm        1 alarm, 0 none; NA when evaluated but undefined (e.g. Farrington's 5-cases-in-4-periods rule);
               empty cells when the period was not evaluated (not enough history)
Methods follow R surveillance 1.20.3 (EARS, CUSUM, farringtonFlexible) and CDC Rnssp (ESSENCE switch).
farrington = original method (1996); farrington-noufaily = improved (Noufaily et al. 2013): weekly data use the
JSS vignette recipes (b 4, w 3; noPeriods 10 and 26 weeks left out for the improved one), monthly data b 4, w 2,
2 months left out. ears-c3 defaults to the R-compatible mode (see --c3).`,
    es: `Entrada (--input, CSV UTF-8 con encabezado): series_id,period,count
  series_id  cualquier texto; un archivo puede traer varias series
  period     un índice (1, 2, 3…), un mes (AAAA-MM) o una fecha ISO (AAAA-MM-DD); pasos regulares, sin huecos
             (las fechas semanales son series fechadas como epochAsDate = TRUE de R; las diarias activan los
             términos de día de la semana de ESSENCE)
  count      un número no negativo; vacío o NA = faltante
Salida (--output): series_id,period,count,expected,upper_bound,alarm — una fila por fila de entrada, en orden de periodo
  expected     conteo esperado (media de la línea base, m de CUSUM, valor ajustado de Farrington, pronóstico ESSENCE)
  upper_bound  conteo por encima del cual el periodo da alarma (upperbound de R)
  alarm        1 alarma, 0 ninguna; NA si se evaluó pero no está definido (p. ej., la regla de Farrington de 5 casos
               en 4 periodos); celdas vacías si el periodo no se evaluó (historia insuficiente)
Los métodos siguen R surveillance 1.20.3 (EARS, CUSUM, farringtonFlexible) y Rnssp de los CDC (conmutador ESSENCE).
farrington = método original (1996); farrington-noufaily = mejorado (Noufaily et al. 2013): los datos semanales usan
las recetas de la viñeta JSS (b 4, w 3; noPeriods 10 y 26 semanas excluidas en el mejorado), los mensuales b 4, w 2,
2 meses excluidos. ears-c3 usa por omisión el modo compatible con R (véase --c3).`,
  },
  'earlywarning.cli.done': {
    en: '{{series}} series, {{evaluated}} periods evaluated, {{alarms}} alarms ({{method}}) written to {{file}}',
    es: '{{series}} series, {{evaluated}} periodos evaluados, {{alarms}} alarmas ({{method}}) escritas en {{file}}',
  },
  'earlywarning.error.missingOption': { en: 'missing option {{option}}', es: 'falta la opción {{option}}' },
  'earlywarning.error.badOption': { en: 'invalid value for {{option}}: {{value}}', es: 'valor no válido para {{option}}: {{value}}' },
  'earlywarning.error.notFound': { en: 'file not found: {{file}}', es: 'archivo no encontrado: {{file}}' },
  'earlywarning.error.csv': { en: '{{file}}, line {{line}}: malformed CSV ({{detail}})', es: '{{file}}, línea {{line}}: CSV mal formado ({{detail}})' },
  'earlywarning.error.empty': { en: '{{file}}: no data rows', es: '{{file}}: no hay filas de datos' },
  'earlywarning.error.missingColumn': { en: '{{file}}, line 1, field {{field}}: missing column', es: '{{file}}, línea 1, campo {{field}}: falta la columna' },
  'earlywarning.error.badCount': {
    en: '{{file}}, line {{line}}, field count: not a non-negative number: {{value}}',
    es: '{{file}}, línea {{line}}, campo count: no es un número no negativo: {{value}}',
  },
  'earlywarning.error.badPeriod': {
    en: '{{file}}, line {{line}}, field period: not an index, YYYY-MM or YYYY-MM-DD: {{value}}',
    es: '{{file}}, línea {{line}}, campo period: no es un índice, AAAA-MM ni AAAA-MM-DD: {{value}}',
  },
  'earlywarning.error.mixedPeriods': {
    en: '{{file}}, line {{line}}, field period: {{value}} is not in the format of the first row',
    es: '{{file}}, línea {{line}}, campo period: {{value}} no tiene el formato de la primera fila',
  },
  'earlywarning.error.emptySeries': { en: '{{file}}, line {{line}}, field series_id: empty', es: '{{file}}, línea {{line}}, campo series_id: vacío' },
  'earlywarning.error.duplicatePeriod': {
    en: '{{file}}, line {{line}}, field period: {{value}} repeated in series {{series}}',
    es: '{{file}}, línea {{line}}, campo period: {{value}} repetido en la serie {{series}}',
  },
  'earlywarning.error.irregular': {
    en: '{{file}}, line {{line}}, field period: series {{series}} is not regular ({{previous}} then {{value}}); fill gaps with empty counts',
    es: '{{file}}, línea {{line}}, campo period: la serie {{series}} no es regular ({{previous}} y luego {{value}}); rellene los huecos con conteos vacíos',
  },
  'earlywarning.error.method': {
    en: 'series {{series}}: {{detail}}',
    es: 'serie {{series}}: {{detail}}',
  },
} satisfies Area;
