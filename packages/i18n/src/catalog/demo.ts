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
} satisfies Area;
