import type { Area } from '../types';

/**
 * Catalogue area 'model': loading the schemata, and the problems validation and the FtM JSON-lines parser
 * report. `model.error.<code>` is the text of problem `<code>` (packages/model/src/errors.ts); the parser
 * wraps it in `model.parse.at`, which names file, line and field.
 */
export default {
  // Loading the model
  'model.load.missing_ftm_dir': {
    en: 'FollowTheMoney schema folder not found: {{dir}}. Set PUENTE_DATA to the folder that holds platform/ftm, or pass ftmDir.',
    es: 'No se encontró la carpeta de esquemas de FollowTheMoney: {{dir}}. Defina PUENTE_DATA con la carpeta que contiene platform/ftm, o indique ftmDir.',
  },
  'model.load.missing_puente_dir': {
    en: 'Puente schema folder not found: {{dir}}',
    es: 'No se encontró la carpeta de esquemas de Puente: {{dir}}',
  },
  'model.load.invalid_yaml': {
    en: 'Schema file {{file}} is not valid YAML: {{detail}}',
    es: 'El archivo de esquema {{file}} no es YAML válido: {{detail}}',
  },
  'model.load.invalid_schema': {
    en: 'Schema {{name}} in {{file}} is invalid: {{detail}}',
    es: 'El esquema {{name}} en {{file}} no es válido: {{detail}}',
  },
  'model.load.duplicate_schema': {
    en: 'Schema {{name}} is defined twice: in {{other}} and in {{file}}',
    es: 'El esquema {{name}} está definido dos veces: en {{other}} y en {{file}}',
  },

  // Where a problem is
  'model.parse.at': {
    en: '{{file}}, line {{line}}, field {{field}}: {{problem}}',
    es: '{{file}}, línea {{line}}, campo {{field}}: {{problem}}',
  },

  // Problems of a line or an entity
  'model.error.invalid_json': {
    en: 'the line is not valid JSON ({{detail}})',
    es: 'la línea no es JSON válido ({{detail}})',
  },
  'model.error.not_an_object': {
    en: 'the line must be one JSON object with "id", "schema" and "properties"',
    es: 'la línea debe ser un objeto JSON con "id", "schema" y "properties"',
  },
  'model.error.line_too_long': {
    en: 'the line is longer than {{max}} characters',
    es: 'la línea tiene más de {{max}} caracteres',
  },
  'model.error.invalid_utf8': {
    en: 'the file is not valid UTF-8 text',
    es: 'el archivo no es texto UTF-8 válido',
  },
  'model.error.missing_schema': {
    en: 'the schema is missing',
    es: 'falta el esquema',
  },
  'model.error.invalid_schema': {
    en: 'the schema must be a schema name, not {{value}}',
    es: 'el esquema debe ser un nombre de esquema, no {{value}}',
  },
  'model.error.unknown_schema': {
    en: 'unknown schema "{{schema}}"',
    es: 'esquema desconocido "{{schema}}"',
  },
  'model.error.abstract_schema': {
    en: 'schema {{schema}} is abstract: use one of the schemata that extend it',
    es: 'el esquema {{schema}} es abstracto: use uno de los esquemas que lo extienden',
  },
  'model.error.missing_id': {
    en: 'the id is missing',
    es: 'falta el id',
  },
  'model.error.invalid_id': {
    en: 'invalid id "{{value}}": use 1 to 200 letters, digits, ".", "_", ":" or "-"',
    es: 'id no válido "{{value}}": use de 1 a 200 letras, dígitos, ".", "_", ":" o "-"',
  },
  'model.error.invalid_properties': {
    en: '"properties" must be an object of property names to lists of values',
    es: '"properties" debe ser un objeto de nombres de propiedad con listas de valores',
  },
  'model.error.unknown_property': {
    en: 'schema {{schema}} has no property "{{prop}}"',
    es: 'el esquema {{schema}} no tiene la propiedad "{{prop}}"',
  },
  'model.error.stub_property': {
    en: '{{prop}} is a reverse property of {{schema}}: set it on the {{range}} entity instead',
    es: '{{prop}} es una propiedad inversa de {{schema}}: asígnela en la entidad {{range}}',
  },
  'model.error.not_a_list': {
    en: 'the values of {{prop}} must be a list of strings',
    es: 'los valores de {{prop}} deben ser una lista de cadenas de texto',
  },
  'model.error.not_a_string': {
    en: 'every value of {{prop}} must be a string, not {{value}}',
    es: 'cada valor de {{prop}} debe ser una cadena de texto, no {{value}}',
  },
  'model.error.invalid_date': {
    en: 'invalid date "{{value}}": use YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time',
    es: 'fecha no válida "{{value}}": use AAAA, AAAA-MM, AAAA-MM-DD o una fecha y hora ISO 8601',
  },
  'model.error.invalid_country': {
    en: 'invalid country code "{{value}}": use a two-letter ISO 3166-1 code such as MX or US',
    es: 'código de país no válido "{{value}}": use un código ISO 3166-1 de dos letras, como MX o US',
  },
  'model.error.invalid_entity_ref': {
    en: 'invalid entity reference "{{value}}": it must be the id of an entity',
    es: 'referencia a entidad no válida "{{value}}": debe ser el id de una entidad',
  },
  'model.error.invalid_boolean': {
    en: 'invalid value "{{value}}": use true or false',
    es: 'valor no válido "{{value}}": use true o false',
  },
  'model.error.invalid_cas': {
    en: 'invalid CAS number "{{value}}" (format 50-00-0, with a correct check digit)',
    es: 'número CAS no válido "{{value}}" (formato 50-00-0, con dígito verificador correcto)',
  },
  'model.error.invalid_hs_code': {
    en: 'invalid HS code "{{value}}": use 4 to 10 digits, such as 2915.24',
    es: 'código SA no válido "{{value}}": use de 4 a 10 dígitos, como 2915.24',
  },
  'model.error.missing_required': {
    en: '{{prop}} is required for {{schema}}',
    es: '{{prop}} es obligatorio para {{schema}}',
  },
  'model.error.invalid_caption': {
    en: 'the caption must be a string',
    es: 'el título debe ser una cadena de texto',
  },
  'model.error.invalid_timestamp': {
    en: 'invalid date "{{value}}": use YYYY-MM-DD or an ISO 8601 date-time',
    es: 'fecha no válida "{{value}}": use AAAA-MM-DD o una fecha y hora ISO 8601',
  },
  'model.error.invalid_datasets': {
    en: '"datasets" must be a list of dataset names',
    es: '"datasets" debe ser una lista de nombres de conjuntos de datos',
  },
  'model.error.invalid_puente': {
    en: '"puente" must be an object with the record\'s owner, distribution, legal basis, purposes and retention',
    es: '"puente" debe ser un objeto con el propietario, la distribución, la base legal, los fines y la conservación del registro',
  },
  'model.error.missing_meta': {
    en: 'missing: give it in the line\'s "puente" object or as an import default',
    es: 'falta: indíquelo en el objeto "puente" de la línea o como valor por omisión de la importación',
  },
  'model.error.meta_not_text': {
    en: 'must be text, not {{value}}',
    es: 'debe ser texto, no {{value}}',
  },
  'model.error.meta_not_boolean': {
    en: 'must be true or false, not {{value}}',
    es: 'debe ser true o false, no {{value}}',
  },
  'model.error.invalid_owner_country': {
    en: 'invalid owner country "{{value}}": use a two-letter ISO 3166-1 code such as MX or US',
    es: 'país propietario no válido "{{value}}": use un código ISO 3166-1 de dos letras, como MX o US',
  },
  'model.error.invalid_distribution': {
    en: 'invalid distribution "{{value}}": use one of {{allowed}}',
    es: 'distribución no válida "{{value}}": use una de {{allowed}}',
  },
  'model.error.purposes_not_list': {
    en: 'the purposes must be a list',
    es: 'los fines deben ser una lista',
  },
  'model.error.no_purposes': {
    en: 'a record must serve at least one purpose',
    es: 'un registro debe servir al menos a un fin',
  },
  'model.error.invalid_purpose': {
    en: 'invalid purpose "{{value}}": use one of {{allowed}}',
    es: 'fin no válido "{{value}}": use uno de {{allowed}}',
  },
  'model.error.invalid_retention': {
    en: 'invalid retention date "{{value}}": use YYYY-MM-DD',
    es: 'fecha de conservación no válida "{{value}}": use AAAA-MM-DD',
  },
} satisfies Area;
