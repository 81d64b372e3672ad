import type { Area } from '../types';

/** Catalogue area 'audit': the tamper-evident audit log, its checkpoints and its verification. */
export default {
  // Writing events
  'audit.append.invalid': {
    en: 'Audit event field "{{field}}" is missing or not valid (text without NUL characters; detail must be a JSON object)',
    es: 'El campo «{{field}}» del evento de auditoría falta o no es válido (texto sin caracteres NUL; el detalle debe ser un objeto JSON)',
  },

  // Node key
  'audit.key.not_ed25519': { en: 'The key is not an Ed25519 key', es: 'La clave no es una clave Ed25519' },
  'audit.key.permissions': {
    en: 'The node key {{path}} can be read by other users; restrict it to its owner (chmod 600)',
    es: 'Otros usuarios pueden leer la clave del nodo {{path}}; restrínjala a su propietario (chmod 600)',
  },
  'audit.key.unreadable': { en: 'The node key {{path}} cannot be read as a PEM private key', es: 'La clave del nodo {{path}} no se puede leer como clave privada PEM' },

  // Checkpoints and signed notes
  'audit.checkpoint.node_id': {
    en: 'Node id "{{nodeId}}" must be 1 to 64 letters, digits, dots, hyphens or underscores',
    es: 'El id de nodo «{{nodeId}}» debe tener de 1 a 64 letras, dígitos, puntos, guiones o guiones bajos',
  },
  'audit.checkpoint.broken': {
    en: 'Refusing to sign a checkpoint: the audit log is broken at row {{seq}} (run the audit verification)',
    es: 'No se firma el punto de control: la bitácora de auditoría está rota en el registro {{seq}} (ejecute la verificación de auditoría)',
  },
  'audit.checkpoint.not_found': { en: 'No checkpoint of size {{size}}', es: 'No existe un punto de control de tamaño {{size}}' },
  'audit.countersign.invalid': {
    en: 'The countersignature of {{node}} on checkpoint {{size}} does not verify with its public key',
    es: 'La contrafirma de {{node}} sobre el punto de control {{size}} no se verifica con su clave pública',
  },
  'audit.note.malformed': { en: 'Malformed checkpoint note (line {{line}})', es: 'Nota de punto de control mal formada (línea {{line}})' },
  'audit.note.origin': { en: 'Checkpoint note line {{line}}: not a valid node id', es: 'Nota de punto de control, línea {{line}}: id de nodo no válido' },
  'audit.note.size': { en: 'Checkpoint note line {{line}}: not a valid tree size', es: 'Nota de punto de control, línea {{line}}: tamaño de árbol no válido' },
  'audit.note.root': {
    en: 'Checkpoint note line {{line}}: the root hash must be 32 bytes in base64',
    es: 'Nota de punto de control, línea {{line}}: el hash raíz debe ser de 32 bytes en base64',
  },
  'audit.note.ts': {
    en: 'Checkpoint note line {{line}}: expected "ts " and an ISO 8601 UTC time with milliseconds',
    es: 'Nota de punto de control, línea {{line}}: se esperaba «ts » y una hora ISO 8601 UTC con milisegundos',
  },
  'audit.note.signature': {
    en: 'Checkpoint note line {{line}}: not a valid signature line (the first must be the origin node\'s)',
    es: 'Nota de punto de control, línea {{line}}: línea de firma no válida (la primera debe ser la del nodo de origen)',
  },

  // Verification: summary
  'audit.verify.ok': { en: 'The audit log is intact: {{count}} events, {{checkpoints}} checkpoints', es: 'La bitácora de auditoría está íntegra: {{count}} eventos, {{checkpoints}} puntos de control' },
  'audit.verify.failed': { en: '{{problems}} problem(s) found in the audit log', es: 'Se encontraron {{problems}} problema(s) en la bitácora de auditoría' },
  'audit.verify.unsigned': {
    en: 'Checkpoint signatures were not checked (no public key given)',
    es: 'No se verificaron las firmas de los puntos de control (no se dio la clave pública)',
  },

  // Verification: kinds of problem (labels)
  'audit.kind.altered': { en: 'Altered', es: 'Alterado' },
  'audit.kind.deleted': { en: 'Deleted', es: 'Eliminado' },
  'audit.kind.inserted': { en: 'Inserted', es: 'Insertado' },
  'audit.kind.reordered': { en: 'Reordered', es: 'Reordenado' },
  'audit.kind.truncated': { en: 'Truncated', es: 'Truncado' },
  'audit.kind.checkpoint_root': { en: 'Checkpoint root', es: 'Raíz del punto de control' },
  'audit.kind.checkpoint_signature': { en: 'Checkpoint signature', es: 'Firma del punto de control' },
  'audit.kind.countersignature': { en: 'Countersignature', es: 'Contrafirma' },

  // Verification: problems
  'audit.verify.altered': {
    en: 'Row {{seq}} was altered: its content no longer hashes to its stored hash',
    es: 'El registro {{seq}} fue alterado: su contenido ya no corresponde a su hash almacenado',
  },
  'audit.verify.deleted': {
    en: 'Rows {{from}} to {{to}} are missing: they were deleted',
    es: 'Faltan los registros {{from}} a {{to}}: fueron eliminados',
  },
  'audit.verify.deleted_one': {
    en: 'Row {{seq}} is missing: it was deleted',
    es: 'Falta el registro {{seq}}: fue eliminado',
  },
  'audit.verify.renumbered_down': {
    en: 'Rows {{from}} to {{to}} were renumbered down by {{count}}: the {{count}} row(s) before them were deleted',
    es: 'Los registros {{from}} a {{to}} se renumeraron {{count}} hacia abajo: se eliminaron los {{count}} registro(s) anteriores',
  },
  'audit.verify.genesis': {
    en: 'Row {{seq}} does not start from the genesis hash: earlier rows were deleted and the log renumbered',
    es: 'El registro {{seq}} no parte del hash génesis: se eliminaron registros anteriores y se renumeró la bitácora',
  },
  'audit.verify.duplicate': {
    en: 'Row number {{seq}} appears more than once: a forged row was inserted beside the original',
    es: 'El número de registro {{seq}} aparece más de una vez: se insertó un registro falso junto al original',
  },
  'audit.verify.renumbered_up': {
    en: 'Rows {{from}} to {{to}} were renumbered up by {{count}}: {{count}} forged row(s) were inserted from row {{seq}}',
    es: 'Los registros {{from}} a {{to}} se renumeraron {{count}} hacia arriba: se insertaron {{count}} registro(s) falso(s) desde el registro {{seq}}',
  },
  'audit.verify.replaced': {
    en: 'Row {{seq}} is not the row that row {{next}} was chained to: it is a forged row with a recomputed hash put in place of the original (or the rows after it were deleted and re-hashed)',
    es: 'El registro {{seq}} no es el registro al que estaba encadenado el registro {{next}}: es un registro falso con hash recalculado puesto en lugar del original (o se eliminaron y recalcularon los registros posteriores)',
  },
  'audit.verify.skipped': {
    en: 'Rows {{from}} to {{to}} sit between row {{next}} and the row it was chained to: they were inserted',
    es: 'Los registros {{from}} a {{to}} están entre el registro {{next}} y el registro al que estaba encadenado: fueron insertados',
  },
  'audit.verify.reordered': {
    en: 'Row {{seq}} was recorded as row {{from}}: rows were reordered',
    es: 'El registro {{seq}} se registró como el {{from}}: se reordenaron los registros',
  },
  'audit.verify.linked_forward': {
    en: 'Row {{seq}} is chained to row {{to}}, which does not come right before it: rows were reordered',
    es: 'El registro {{seq}} está encadenado al registro {{to}}, que no lo precede inmediatamente: se reordenaron los registros',
  },
  'audit.verify.truncated': {
    en: 'The log ends after {{count}} rows, but a signed checkpoint covers {{size}}: rows were removed from the end',
    es: 'La bitácora termina tras {{count}} registros, pero un punto de control firmado abarca {{size}}: se eliminaron registros del final',
  },
  'audit.verify.checkpoint_root': {
    en: 'Checkpoint {{size}}: its root hash does not match the first {{size}} rows now in the log',
    es: 'Punto de control {{size}}: su hash raíz no coincide con los primeros {{size}} registros actuales de la bitácora',
  },
  'audit.verify.checkpoint_signature': {
    en: 'Checkpoint {{size}}: the node\'s signature does not verify',
    es: 'Punto de control {{size}}: la firma del nodo no se verifica',
  },
  'audit.verify.countersignature': {
    en: 'Checkpoint {{size}}: the countersignature of {{node}} does not verify',
    es: 'Punto de control {{size}}: la contrafirma de {{node}} no se verifica',
  },
} satisfies Area;
