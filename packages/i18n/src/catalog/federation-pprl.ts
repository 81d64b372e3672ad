import type { Area } from '../types';

/** Catalogue area 'federation-pprl' (issue 6). Keys start with 'federation.pprl.' (policy explanations: 'auth.policy.<id>'). */
export default {
  // Policies (83-federation-pprl.cedar)
  'auth.policy.federation-pprl-run-supervisor': {
    en: 'Supervisors start a cross-border privacy-preserving linkage for an investigative purpose',
    es: 'Los supervisores inician una vinculación transfronteriza con preservación de la privacidad para un propósito de investigación',
  },
  'auth.policy.federation-pprl-answer-partner': {
    en: "The partner node may link against this node's own records only for an investigative purpose",
    es: 'El nodo socio puede vincular con los registros propios de este nodo solo para un propósito de investigación',
  },

  // PPRL errors
  'federation.pprl.error.badPartner': { en: 'not a valid node id: {{partner}}', es: 'no es un id de nodo válido: {{partner}}' },
  'federation.pprl.error.shortSecret': {
    en: 'the shared secret has {{bytes}} bytes; at least {{min}} are needed',
    es: 'el secreto compartido tiene {{bytes}} bytes; se necesitan al menos {{min}}',
  },
  'federation.pprl.error.keyPermissions': {
    en: 'the PPRL key file {{file}} can be read by other users; make it readable by the node only (chmod 600)',
    es: 'otros usuarios pueden leer el archivo de clave PPRL {{file}}; hágalo legible solo para el nodo (chmod 600)',
  },
  'federation.pprl.error.noKey': {
    en: 'no linkage secret is installed for partner {{partner}} (puente federation pprl key --partner {{partner}} --secret-file FILE)',
    es: 'no hay un secreto de vinculación instalado para el socio {{partner}} (puente federation pprl key --partner {{partner}} --secret-file ARCHIVO)',
  },
  'federation.pprl.error.partnerNoKey': {
    en: 'partner {{partner}} has no linkage secret installed for this node',
    es: 'el socio {{partner}} no tiene instalado un secreto de vinculación para este nodo',
  },
  'federation.pprl.error.keyMismatch': {
    en: "the linkage secrets differ (key check mismatch with {{partner}}): both administrators must install the same secret; nothing was compared",
    es: 'los secretos de vinculación difieren (el valor de comprobación de la clave no coincide con {{partner}}): ambos administradores deben instalar el mismo secreto; no se comparó nada',
  },
  'federation.pprl.error.partnerPolicy': {
    en: "node {{partner}}'s policy or agreements do not allow a linkage for the purpose {{purpose}}",
    es: 'la política o los acuerdos del nodo {{partner}} no permiten una vinculación con el propósito {{purpose}}',
  },
  'federation.pprl.error.noAgreement': {
    en: 'no agreement in force with {{partner}} allows a linkage for the purpose {{purpose}}',
    es: 'ningún acuerdo vigente con {{partner}} permite una vinculación con el propósito {{purpose}}',
  },
  'federation.pprl.error.tooMany': { en: '{{count}} records to encode; at most {{max}} per run', es: '{{count}} registros por codificar; como máximo {{max}} por ejecución' },
  'federation.pprl.error.badRequest': { en: 'malformed linkage request ({{detail}})', es: 'solicitud de vinculación mal formada ({{detail}})' },
  'federation.pprl.error.incompatible': {
    en: 'the encodings cannot be compared ({{detail}})',
    es: 'las codificaciones no se pueden comparar ({{detail}})',
  },
  'federation.pprl.error.duplicateRun': { en: 'linkage run {{run}} was already answered', es: 'la ejecución de vinculación {{run}} ya fue respondida' },

  // Checkpoint exchange
  'federation.pprl.checkpoint.malformed': { en: 'malformed checkpoint from the partner', es: 'punto de control del socio mal formado' },
  'federation.pprl.checkpoint.signature': {
    en: "the checkpoint of size {{size}} is not signed with {{node}}'s pinned key: refused",
    es: 'el punto de control de tamaño {{size}} no está firmado con la clave fijada de {{node}}: rechazado',
  },
  'federation.pprl.checkpoint.rewritten': {
    en: "{{node}}'s audit history was rewritten: its checkpoint of size {{size}} does not extend the one of size {{from}} held here; refused and audited",
    es: 'el historial de auditoría de {{node}} fue reescrito: su punto de control de tamaño {{size}} no extiende el de tamaño {{from}} que se conserva aquí; rechazado y auditado',
  },
  'federation.pprl.checkpoint.partnerHoldsMore': {
    en: "{{node}} holds a checkpoint of this node's log of size {{held}}, but the log has only {{size}} rows: rows are missing",
    es: '{{node}} conserva un punto de control del registro de este nodo de tamaño {{held}}, pero el registro solo tiene {{size}} filas: faltan filas',
  },

  // audit verify --partner
  'federation.pprl.verify.partnerSignature': {
    en: "{{node}}'s checkpoint of size {{size}} held here is not signed with its pinned key",
    es: 'el punto de control de {{node}} de tamaño {{size}} que se conserva aquí no está firmado con su clave fijada',
  },
  'federation.pprl.verify.partnerInconsistent': {
    en: "{{node}}'s checkpoint of size {{size}} held here does not extend its checkpoint of size {{from}}",
    es: 'el punto de control de {{node}} de tamaño {{size}} que se conserva aquí no extiende su punto de control de tamaño {{from}}',
  },
  'federation.pprl.verify.partnerMissing': {
    en: "{{node}}'s checkpoint of size {{size}} was accepted after one of size {{from}}, but the one held before it is of size {{held}}: held checkpoints were removed or added",
    es: 'el punto de control de {{node}} de tamaño {{size}} se aceptó después de uno de tamaño {{from}}, pero el anterior que se conserva es de tamaño {{held}}: se quitaron o añadieron puntos de control',
  },
  'federation.pprl.verify.partnerLive': {
    en: "{{node}}'s current log (size {{size}}) does not extend its checkpoint of size {{from}} held here: its history was rewritten",
    es: 'el registro actual de {{node}} (tamaño {{size}}) no extiende su punto de control de tamaño {{from}} que se conserva aquí: su historial fue reescrito',
  },
  'federation.pprl.verify.partnerBroken': {
    en: "{{node}}'s own check of its log fails ({{kind}} at row {{seq}}): its history was rewritten",
    es: 'la comprobación que {{node}} hace de su propio registro falla ({{kind}} en la fila {{seq}}): su historial fue reescrito',
  },
  'federation.pprl.verify.heldByPartner': {
    en: "this node's log no longer matches its checkpoint of size {{size}} that {{node}} holds: this node's history was rewritten",
    es: 'el registro de este nodo ya no coincide con su punto de control de tamaño {{size}} que conserva {{node}}: el historial de este nodo fue reescrito',
  },
  'federation.pprl.verify.heldForged': {
    en: "{{node}} holds a checkpoint of size {{size}} of this node's log that this node did not sign",
    es: '{{node}} conserva un punto de control de tamaño {{size}} del registro de este nodo que este nodo no firmó',
  },
  'audit.kind.partner_signature': { en: "Partner's checkpoint signature", es: 'Firma del punto de control del socio' },
  'audit.kind.partner_inconsistent': { en: "Partner's history rewritten", es: 'Historial del socio reescrito' },
  'audit.kind.partner_missing': { en: "Partner's checkpoints removed", es: 'Puntos de control del socio eliminados' },

  // CLI
  'federation.pprl.cli.command': { en: 'privacy-preserving linkage with the partner node', es: 'vinculación con preservación de la privacidad con el nodo socio' },
  'federation.pprl.cli.key': {
    en: 'install the linkage secret shared with the partner (given out of band; at least 16 bytes); stored 0600 under <data>/keys/',
    es: 'instala el secreto de vinculación compartido con el socio (entregado por otra vía; al menos 16 bytes); se guarda con modo 0600 en <data>/keys/',
  },
  'federation.pprl.cli.secretFile': { en: 'file holding the shared secret', es: 'archivo con el secreto compartido' },
  'federation.pprl.cli.keyInstalled': {
    en: 'linkage secret for {{partner}} installed; key check {{keyCheck}} (compare it with the partner\'s administrator)',
    es: 'secreto de vinculación para {{partner}} instalado; comprobación de la clave {{keyCheck}} (compárela con el administrador del socio)',
  },
  'federation.pprl.cli.run': {
    en: "link this node's own Person records with the partner's, without either side seeing the other's records",
    es: 'vincula los registros de personas propios de este nodo con los del socio, sin que ninguna parte vea los registros de la otra',
  },
  'federation.pprl.cli.purpose': { en: 'the purpose of the run (default criminal_investigation)', es: 'el propósito de la ejecución (predeterminado criminal_investigation)' },
  'federation.pprl.cli.runDone': {
    en: 'run {{run}} with {{partner}}: {{records}} own records encoded, {{links}} linked (Dice ≥ {{threshold}})',
    es: 'ejecución {{run}} con {{partner}}: {{records}} registros propios codificados, {{links}} vinculados (Dice ≥ {{threshold}})',
  },
  'federation.pprl.cli.checkpoint': {
    en: "sign a checkpoint of this node's audit log now and have the partner countersign it",
    es: 'firma ahora un punto de control del registro de auditoría de este nodo y hace que el socio lo refrende',
  },
  'federation.pprl.cli.checkpointDone': {
    en: 'checkpoint of size {{size}} (root {{root}}) countersigned by {{partner}}',
    es: 'punto de control de tamaño {{size}} (raíz {{root}}) refrendado por {{partner}}',
  },
  'federation.pprl.cli.verifyPartner': {
    en: "also verify the partner's checkpoints held here and its countersignatures (node id, e.g. us-node)",
    es: 'verifica también los puntos de control del socio que se conservan aquí y sus refrendos (id de nodo, p. ej. us-node)',
  },
  'federation.pprl.cli.verifyOwn': {
    en: 'this node: {{count}} rows, {{checkpoints}} checkpoints, {{countersigned}} countersigned by {{partner}}: {{status}}',
    es: 'este nodo: {{count}} filas, {{checkpoints}} puntos de control, {{countersigned}} refrendados por {{partner}}: {{status}}',
  },
  'federation.pprl.cli.verifyPartnerLine': {
    en: 'partner {{partner}}: {{held}} checkpoints held here (up to size {{size}}), live check: {{live}}: {{status}}',
    es: 'socio {{partner}}: {{held}} puntos de control conservados aquí (hasta tamaño {{size}}), comprobación en vivo: {{live}}: {{status}}',
  },
  'federation.pprl.cli.intact': { en: 'intact', es: 'íntegro' },
  'federation.pprl.cli.rewrittenShort': { en: 'REWRITTEN', es: 'REESCRITO' },
  'federation.pprl.cli.liveOk': { en: 'consistent', es: 'consistente' },
  'federation.pprl.cli.liveBad': { en: 'inconsistent', es: 'inconsistente' },
  'federation.pprl.cli.liveUnreachable': { en: 'partner not reachable', es: 'socio no disponible' },
  'federation.pprl.verify.ownRewritten': {
    en: 'audit verification failed: this node\'s history was rewritten ({{problems}} problems)',
    es: 'la verificación de auditoría falló: el historial de este nodo fue reescrito ({{problems}} problemas)',
  },
  'federation.pprl.verify.partnerRewritten': {
    en: "audit verification failed: partner {{partner}}'s history was rewritten ({{problems}} problems)",
    es: 'la verificación de auditoría falló: el historial del socio {{partner}} fue reescrito ({{problems}} problemas)',
  },
  'federation.pprl.verify.bothRewritten': {
    en: "audit verification failed: both this node's and partner {{partner}}'s histories were rewritten ({{problems}} problems)",
    es: 'la verificación de auditoría falló: los historiales de este nodo y del socio {{partner}} fueron reescritos ({{problems}} problemas)',
  },
} satisfies Area;
