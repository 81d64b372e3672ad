import type { Area } from '../types';

/** Catalogue area 'demo'. Keys start with 'demo.' and are unique across areas. */
export default {
  'demo.notice': {
    en: 'Synthetic data: every person, company, address and account in the demo world is invented.',
    es: 'Datos sintéticos: todas las personas, empresas, domicilios y cuentas del mundo de demostración son inventados.',
  },
  'demo.summary': {
    en: 'Demo world (seed {{seed}}): {{people}} people, {{companies}} companies, {{entities}} records in all',
    es: 'Mundo de demostración (semilla {{seed}}): {{people}} personas, {{companies}} empresas, {{entities}} registros en total',
  },
  'demo.node.summary': {
    en: '{{node}}: {{own}} own records and {{copies}} copies received from the partner node',
    es: '{{node}}: {{own}} registros propios y {{copies}} copias recibidas del nodo socio',
  },
  'demo.credentials': {
    en: 'Demo users (password {{password}}): {{usernames}}',
    es: 'Usuarios de demostración (contraseña {{password}}): {{usernames}}',
  },
  'demo.user.displayName': { en: '{{agency}} {{role}} (demo)', es: '{{role}} de {{agency}} (demo)' },
  'demo.role.analyst': { en: 'analyst', es: 'Analista' },
  'demo.role.supervisor': { en: 'supervisor', es: 'Supervisor(a)' },
  'demo.role.auditor': { en: 'auditor', es: 'Auditor(a)' },
  'demo.role.admin': { en: 'administrator', es: 'Administrador(a)' },
  'demo.layer.core': {
    en: 'People, companies, addresses, bank accounts; ownership, directorships, family and associates; designations',
    es: 'Personas, empresas, domicilios, cuentas bancarias; participaciones, cargos, familia y asociados; designaciones',
  },
  'demo.linkage.layer': {
    en: 'Entity resolution: some people in second and third records of other agencies (name variants, day/month swaps), with look-alike relatives',
    es: 'Resolución de entidades: algunas personas en segundos y terceros registros de otras instituciones (variantes del nombre, día y mes invertidos), con familiares parecidos',
  },
  'demo.linkage.description': {
    en: 'write a synthetic U.S.–Mexico linkage set: us.csv, mx.csv (one person record per row) and truth.csv (us_id,mx_id)',
    es: 'escribe un conjunto sintético de vinculación EE. UU.–México: us.csv, mx.csv (un registro de persona por fila) y truth.csv (us_id,mx_id)',
  },
  'demo.linkage.size': { en: 'records on each side (e.g. 10000, 100000, 1000000)', es: 'registros de cada lado (p. ej., 10000, 100000, 1000000)' },
  'demo.linkage.out': { en: 'directory to write us.csv, mx.csv and truth.csv into (created if missing)', es: 'directorio donde escribir us.csv, mx.csv y truth.csv (se crea si no existe)' },
  'demo.linkage.seed': { en: 'random seed (the same seed gives the same files)', es: 'semilla aleatoria (la misma semilla da los mismos archivos)' },
  'demo.linkage.overlap': { en: 'share of each side\'s records whose person is also on the other side, 0 to 1 (default 0.5)', es: 'proporción de los registros de cada lado cuya persona también está del otro lado, de 0 a 1 (predeterminado 0.5)' },
  'demo.linkage.dateStyle': {
    en: 'date format: iso (YYYY-MM-DD on both sides, default) or native (U.S. MM/DD/YYYY, Mexico DD/MM/YYYY and sex H/M)',
    es: 'formato de fecha: iso (AAAA-MM-DD en ambos lados, predeterminado) o native (EE. UU. MM/DD/AAAA, México DD/MM/AAAA y sexo H/M)',
  },
  'demo.linkage.written': {
    en: 'Wrote {{us}} U.S. records, {{mx}} Mexican records and {{pairs}} true pairs to {{dir}} (seed {{seed}}, {{seconds}} s)',
    es: 'Se escribieron {{us}} registros de EE. UU., {{mx}} registros de México y {{pairs}} pares verdaderos en {{dir}} (semilla {{seed}}, {{seconds}} s)',
  },
  'demo.linkage.missingOption': { en: 'missing required option {{option}}', es: 'falta la opción obligatoria {{option}}' },
  'demo.linkage.writeFailed': { en: 'could not write {{file}}: {{reason}}', es: 'no se pudo escribir {{file}}: {{reason}}' },
} satisfies Area;
