import type { Area } from '../types';

/** Catalogue area 'api'. Keys start with 'api.' and are unique across areas. */
export default {
  'api.auth.login_failed': {
    en: 'Wrong username or password, or the account is disabled',
    es: 'Usuario o contraseña incorrectos, o la cuenta está deshabilitada',
  },
  'api.entity.purposes_required': {
    en: 'State a purpose for this session, or give the record its purposes (meta.purposes)',
    es: 'Indique un propósito para esta sesión, o asigne propósitos al registro (meta.purposes)',
  },
  'api.entity.schema_unknown': {
    en: 'Unknown or abstract schema: {{schema}}',
    es: 'Esquema desconocido o abstracto: {{schema}}',
  },
  'api.entity.agreement_required': {
    en: 'A record shared under an agreement needs the agreement (meta.agreementId)',
    es: 'Un registro compartido por convenio necesita el convenio (meta.agreementId)',
  },
  'api.entity.agreement_unknown': {
    en: 'Unknown agreement: {{id}}',
    es: 'Convenio desconocido: {{id}}',
  },
  'api.import.denied': {
    en: '{{file}} line {{line}}: you may not write record {{id}} (another agency owns it, or it is a locked copy)',
    es: '{{file}} línea {{line}}: no puede escribir el registro {{id}} (pertenece a otra institución o es una copia bloqueada)',
  },
  'api.import.nul': {
    en: '{{file}} line {{line}}, field {{field}}: the text contains a NUL character (U+0000)',
    es: '{{file}} línea {{line}}, campo {{field}}: el texto contiene un carácter NUL (U+0000)',
  },
  'api.error.payload_too_large': {
    en: 'The request body is too large',
    es: 'El cuerpo de la solicitud es demasiado grande',
  },
  'api.error.media_type': {
    en: 'Unsupported content type: {{type}}',
    es: 'Tipo de contenido no admitido: {{type}}',
  },
} satisfies Area;
