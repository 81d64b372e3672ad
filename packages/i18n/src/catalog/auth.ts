import type { Area } from '../types';

/** Catalogue area 'auth': identity (login, users, agencies, sessions) and authorisation (policies). */
export default {
  'auth.login.failed': { en: 'Wrong username or password', es: 'Usuario o contraseña incorrectos' },
  'auth.session.invalid': { en: 'Your session has ended; please log in again', es: 'Su sesión terminó; inicie sesión de nuevo' },
  'auth.session.ttl_invalid': { en: 'Session length must be a positive number of hours, not {{hours}}', es: 'La duración de la sesión debe ser un número positivo de horas, no {{hours}}' },
  'auth.username.invalid': {
    en: 'Username "{{username}}" must be 3 to 64 lower-case letters, digits, dots, hyphens or underscores',
    es: 'El usuario «{{username}}» debe tener de 3 a 64 letras minúsculas, dígitos, puntos, guiones o guiones bajos',
  },
  'auth.user.exists': { en: 'Username "{{username}}" is already taken', es: 'El usuario «{{username}}» ya existe' },
  'auth.user.not_found': { en: 'No user with id {{id}}', es: 'No existe un usuario con id {{id}}' },
  'auth.password.too_short': { en: 'Password must have at least {{min}} characters', es: 'La contraseña debe tener al menos {{min}} caracteres' },
  'auth.password.too_long': { en: 'Password must have at most {{max}} characters', es: 'La contraseña debe tener como máximo {{max}} caracteres' },
  'auth.role.unknown': {
    en: 'Unknown role "{{role}}" (roles: analyst, supervisor, auditor, admin)',
    es: 'Rol desconocido «{{role}}» (roles: analyst, supervisor, auditor, admin)',
  },
  'auth.purpose.unknown': { en: 'Unknown purpose "{{purpose}}"', es: 'Finalidad desconocida «{{purpose}}»' },
  'auth.text.invalid': { en: '{{field}} must be 1 to {{max}} characters', es: '{{field}} debe tener de 1 a {{max}} caracteres' },
  'auth.field.invalid': { en: 'Invalid value for {{field}}', es: 'Valor no válido para {{field}}' },
  'auth.agency.id_invalid': {
    en: 'Agency id "{{id}}" must be 2 to 64 lower-case letters, digits, dots, hyphens or underscores (e.g. mx-uif)',
    es: 'El id de dependencia «{{id}}» debe tener de 2 a 64 letras minúsculas, dígitos, puntos, guiones o guiones bajos (p. ej. mx-uif)',
  },
  'auth.agency.exists': { en: 'Agency "{{id}}" already exists', es: 'La dependencia «{{id}}» ya existe' },
  'auth.agency.unknown': { en: 'No agency with id "{{id}}"', es: 'No existe la dependencia «{{id}}»' },
  'auth.country.invalid': {
    en: 'Country "{{country}}" must be an upper-case ISO 3166-1 alpha-2 code (e.g. MX, US)',
    es: 'El país «{{country}}» debe ser un código ISO 3166-1 alfa-2 en mayúsculas (p. ej. MX, US)',
  },
  'auth.policy.invalid': { en: 'The access policies are invalid: {{problems}}', es: 'Las políticas de acceso no son válidas: {{problems}}' },

  // One line per policy @id (packages/node/src/authz/policies): the explanation shown for a decision.
  'auth.policy.system-actor': { en: 'The node itself may do everything', es: 'El propio nodo puede hacerlo todo' },
  'auth.policy.entity-read-by-purpose': {
    en: 'Analysts and supervisors read records that serve the purpose stated for the session',
    es: 'Analistas y supervisores leen los registros que sirven a la finalidad declarada en la sesión',
  },
  'auth.policy.entity-read-oversight': {
    en: 'Auditors read records for the purpose of oversight',
    es: 'Los auditores leen registros con la finalidad de supervisión',
  },
  'auth.policy.entity-read-distribution': {
    en: "The record's distribution does not reach your agency or country",
    es: 'La distribución del registro no alcanza a su dependencia ni a su país',
  },
  'auth.policy.personal-data-needs-purpose': {
    en: 'Personal data is read only for a stated purpose',
    es: 'Los datos personales solo se leen con una finalidad declarada',
  },
  'auth.policy.entity-write-own-agency': {
    en: 'Analysts and supervisors write the records of their own agency',
    es: 'Analistas y supervisores escriben los registros de su propia dependencia',
  },
  'auth.policy.entity-delete-supervisor': {
    en: 'Supervisors delete the records of their own agency',
    es: 'Los supervisores eliminan los registros de su propia dependencia',
  },
  'auth.policy.locked-copy-read-only': {
    en: "A copy received from a partner node is read-only; only its origin changes it",
    es: 'Una copia recibida de un nodo socio es de solo lectura; solo su origen la modifica',
  },
  'auth.policy.bulk-analyst': { en: 'Analysts and supervisors import and export', es: 'Analistas y supervisores importan y exportan' },
  'auth.policy.audit-auditor': { en: 'Auditors read and verify the audit trail', es: 'Los auditores consultan y verifican la bitácora de auditoría' },
  'auth.policy.manage-admin': { en: 'Administrators manage users and agencies', es: 'Los administradores gestionan usuarios y dependencias' },
  'auth.policy.policy-read-admin-auditor': {
    en: 'Administrators and auditors read the access policies',
    es: 'Administradores y auditores consultan las políticas de acceso',
  },
  'auth.policy.none': { en: 'No policy permits this', es: 'Ninguna política lo permite' },
} satisfies Area;
