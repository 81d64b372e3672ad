import type { Area } from '../types';

/** Catalogue area 'aml'. Keys start with 'aml.' and are unique across areas. */
export default {
  'aml.cli.command': { en: 'financial intelligence: learned transaction risk score and typology detectors', es: 'inteligencia financiera: puntuación de riesgo aprendida por transacción y detectores de tipologías' },
  'aml.cli.train': { en: 'train the risk model on labelled history (labels read only from rows dated before --until)', es: 'entrena el modelo de riesgo con historia etiquetada (etiquetas leídas solo de filas anteriores a --until)' },
  'aml.cli.score': { en: 'score every transaction dated on or after --from (earlier rows are context; labels are never read)', es: 'puntúa cada transacción con fecha igual o posterior a --from (las filas anteriores son contexto; nunca se leen etiquetas)' },
  'aml.cli.transactions': { en: 'transactions CSV (AMLSim, IBM AMLworld or Puente generic format, detected from the header)', es: 'CSV de transacciones (formato AMLSim, IBM AMLworld o genérico de Puente, detectado por el encabezado)' },
  'aml.cli.accounts': { en: 'accounts CSV (acct_id,bank_id,…), optional', es: 'CSV de cuentas (acct_id,bank_id,…), opcional' },
  'aml.cli.until': { en: 'first day NOT used for training (YYYY-MM-DD, UTC); the last quarter of the labelled days is the validation period', es: 'primer día que NO se usa para entrenar (AAAA-MM-DD, UTC); el último cuarto de los días etiquetados es el periodo de validación' },
  'aml.cli.from': { en: 'first day to score (YYYY-MM-DD, UTC)', es: 'primer día a puntuar (AAAA-MM-DD, UTC)' },
  'aml.cli.model': { en: 'model file (JSON)', es: 'archivo del modelo (JSON)' },
  'aml.cli.output': { en: 'scores CSV to write: tran_id,score,flag,typology', es: 'CSV de puntuaciones a escribir: tran_id,score,flag,typology' },
  'aml.cli.explanations': { en: 'also write tran_id,rank,feature,value,contribution (top 5 contributions to the logit) for flagged transactions', es: 'escribe además tran_id,rank,feature,value,contribution (5 mayores contribuciones al logit) de las transacciones con alerta' },
  'aml.cli.seed': { en: 'random seed (default 1)', es: 'semilla aleatoria (por omisión 1)' },
  'aml.cli.rates': {
    en: 'exchange rates to use instead of the built-in table: CSV currency,from,rate (U.S. dollars per unit from that date); kept in the model, so scoring uses them too',
    es: 'tipos de cambio en lugar de la tabla integrada: CSV currency,from,rate (dólares estadounidenses por unidad desde esa fecha); se guardan en el modelo y la puntuación también los usa',
  },
  'aml.error.rates.header': {
    en: '{{file}}: the header must name currency, from (or date) and rate',
    es: '{{file}}: el encabezado debe nombrar currency, from (o date) y rate',
  },
  'aml.error.rates.row': {
    en: '{{file}}, line {{line}}: expected currency, a date YYYY-MM-DD and a rate above 0',
    es: '{{file}}, línea {{line}}: se esperaba una moneda, una fecha AAAA-MM-DD y un tipo mayor que 0',
  },
  'aml.cli.formats': {
    en: `Formats (detected from the header):
  AMLSim   tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp[,is_sar,alert_id]  (tran_timestamp ISO 8601;
           AMLSim step d = base date + d days)
  AMLworld Timestamp,From Bank,Account,To Bank,Account.1,Amount Received,Receiving Currency,Amount Paid,
           Payment Currency,Payment Format[,Is Laundering]  (tran_id = data-row number)
  generic  tran_id,timestamp,orig_acct,bene_acct,amount[,currency,tx_type,country,place,orig_bank,bene_bank,
           is_laundering,typology]
Output: tran_id,score,flag,typology — score in [0, 1]; flag 1 = alert at the model's threshold (chosen on the
  validation period, max F1); typology = the detector that matched (structuring, funnel, mirror_trade, cycle,
  scatter_gather, gather_scatter, fan_in, fan_out, pass_through) or empty. Amounts are compared in U.S. dollars at
  the date's rate (a starting table of annual rates; Receiving/Payment currency of AMLworld included).`,
    es: `Formatos (detectados por el encabezado):
  AMLSim   tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp[,is_sar,alert_id]  (tran_timestamp ISO 8601;
           paso d de AMLSim = fecha base + d días)
  AMLworld Timestamp,From Bank,Account,To Bank,Account.1,Amount Received,Receiving Currency,Amount Paid,
           Payment Currency,Payment Format[,Is Laundering]  (tran_id = número de fila de datos)
  genérico tran_id,timestamp,orig_acct,bene_acct,amount[,currency,tx_type,country,place,orig_bank,bene_bank,
           is_laundering,typology]
Salida: tran_id,score,flag,typology — score en [0, 1]; flag 1 = alerta en el umbral del modelo (elegido en el
  periodo de validación, F1 máximo); typology = el detector que coincidió (structuring, funnel, mirror_trade, cycle,
  scatter_gather, gather_scatter, fan_in, fan_out, pass_through) o vacío. Los montos se comparan en dólares
  estadounidenses al tipo de cambio de la fecha (una tabla inicial de tipos anuales; incluye las monedas de AMLworld).`,
  },
  'aml.cli.trained': {
    en: 'model written to {{file}}: {{trees}} trees on {{trainRows}} transactions ({{trainPositives}} laundering) before {{validationFrom}}; validation {{validationFrom}}–{{until}}: F1 {{f1}}, average precision {{ap}}, threshold {{threshold}}',
    es: 'modelo escrito en {{file}}: {{trees}} árboles sobre {{trainRows}} transacciones ({{trainPositives}} de lavado) antes de {{validationFrom}}; validación {{validationFrom}}–{{until}}: F1 {{f1}}, precisión media {{ap}}, umbral {{threshold}}',
  },
  'aml.cli.scored': {
    en: '{{rows}} transactions scored from {{from}} ({{context}} earlier as context): {{alerts}} alerts; written to {{file}}',
    es: '{{rows}} transacciones puntuadas desde {{from}} ({{context}} anteriores como contexto): {{alerts}} alertas; escrito en {{file}}',
  },
  'aml.error.missingOption': { en: 'missing required option {{option}}', es: 'falta la opción obligatoria {{option}}' },
  'aml.error.badDate': { en: 'option {{option}}: "{{value}}" is not a date YYYY-MM-DD', es: 'opción {{option}}: «{{value}}» no es una fecha AAAA-MM-DD' },
  'aml.error.badOption': { en: 'option {{option}}: invalid value "{{value}}"', es: 'opción {{option}}: valor no válido «{{value}}»' },
  'aml.error.notFound': { en: '{{file}}: file not found or not readable', es: '{{file}}: archivo no encontrado o no legible' },
  'aml.error.csv': { en: '{{file}}, line {{line}}: malformed CSV ({{detail}})', es: '{{file}}, línea {{line}}: CSV mal formado ({{detail}})' },
  'aml.error.empty': { en: '{{file}}: the file has no header row', es: '{{file}}: el archivo no tiene fila de encabezado' },
  'aml.error.unknownFormat': {
    en: '{{file}}, line {{line}}: unknown transaction format (columns: {{columns}}); expected AMLSim, IBM AMLworld or the generic CSV (see --help)',
    es: '{{file}}, línea {{line}}: formato de transacciones desconocido (columnas: {{columns}}); se espera AMLSim, IBM AMLworld o el CSV genérico (ver --help)',
  },
  'aml.error.missingColumn': { en: '{{file}}, line 1: missing column "{{field}}"', es: '{{file}}, línea 1: falta la columna «{{field}}»' },
  'aml.error.columnCount': { en: '{{file}}, line {{line}}: {{found}} fields where the header has {{expected}}', es: '{{file}}, línea {{line}}: {{found}} campos donde el encabezado tiene {{expected}}' },
  'aml.error.emptyField': { en: '{{file}}, line {{line}}, field {{field}}: empty', es: '{{file}}, línea {{line}}, campo {{field}}: vacío' },
  'aml.error.duplicateId': { en: '{{file}}, line {{line}}, field {{field}}: duplicate id "{{value}}"', es: '{{file}}, línea {{line}}, campo {{field}}: identificador repetido «{{value}}»' },
  'aml.error.badAmount': { en: '{{file}}, line {{line}}, field {{field}}: "{{value}}" is not a non-negative amount', es: '{{file}}, línea {{line}}, campo {{field}}: «{{value}}» no es un importe no negativo' },
  'aml.error.badTimestamp': { en: '{{file}}, line {{line}}, field {{field}}: "{{value}}" is not an ISO 8601 date or date-time', es: '{{file}}, línea {{line}}, campo {{field}}: «{{value}}» no es una fecha o fecha-hora ISO 8601' },
  'aml.error.badLabel': { en: '{{file}}, line {{line}}, field {{field}}: "{{value}}" is not a label (true/false, 1/0)', es: '{{file}}, línea {{line}}, campo {{field}}: «{{value}}» no es una etiqueta (true/false, 1/0)' },
  'aml.error.noTraining': { en: '{{file}}: no labelled transactions before {{until}} (both classes are needed)', es: '{{file}}: no hay transacciones etiquetadas antes de {{until}} (se necesitan ambas clases)' },
  'aml.error.badModel': { en: '{{file}}: not a Puente AML model, or trained with a different feature set ({{detail}})', es: '{{file}}: no es un modelo AML de Puente, o se entrenó con otro conjunto de variables ({{detail}})' },
  // Explanations of the policies in authz/policies/70-aml.cedar
  'auth.policy.aml-by-purpose': {
    en: 'Analysts and supervisors read transactions, alerts, cases and money flows, triage alerts and build cases, for financial intelligence or a criminal investigation',
    es: 'Analistas y supervisores consultan transacciones, alertas, casos y flujos de dinero, atienden alertas y arman casos, para inteligencia financiera o una investigación penal',
  },
  'auth.policy.aml-supervisor': {
    en: 'Supervisors import transactions and train the risk model, for financial intelligence',
    es: 'Los supervisores importan transacciones y entrenan el modelo de riesgo, para inteligencia financiera',
  },
  'auth.policy.aml-read-oversight': {
    en: 'Auditors read alerts and cases for the purpose of oversight',
    es: 'Los auditores consultan alertas y casos con la finalidad de supervisión',
  },
  // Typology names of the detectors added with issue 5's funnel and mirror-trade work (web.ts names the others).
  'web.aml.typology.funnel': { en: 'funnel account', es: 'cuenta embudo' },
  'web.aml.typology.mirror_trade': { en: 'mirror trade', es: 'operación espejo' },
} satisfies Area;
