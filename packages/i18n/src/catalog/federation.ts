import type { Area } from '../types';

/** Catalogue area 'federation' (issue 6), the core: pairing, signed messages, the outbox. Keys start with 'federation.'. */
export default {
  'federation.cli.command': {
    en: 'federation with the partner node: pairing, agreements, shared records, questions, disclosures, privacy-preserving linkage',
    es: 'federación con el nodo socio: emparejamiento, acuerdos, registros compartidos, consultas, divulgaciones, vinculación con preservación de la privacidad',
  },
  'federation.cli.identity': { en: "print this node's id, country and key fingerprint (give it to the partner's administrator)", es: 'muestra el id, el país y la huella de la clave de este nodo (entréguela al administrador del socio)' },
  'federation.cli.identityLine': { en: 'node {{node}} ({{country}}), key fingerprint {{keyId}}', es: 'nodo {{node}} ({{country}}), huella de la clave {{keyId}}' },
  'federation.cli.pair': { en: "pair with a partner node: fetch its identity and pin its Ed25519 key", es: 'emparejar con un nodo socio: obtener su identidad y fijar su clave Ed25519' },
  'federation.cli.url': { en: "the partner node's address, e.g. http://127.0.0.1:4001", es: 'la dirección del nodo socio, p. ej. http://127.0.0.1:4001' },
  'federation.cli.fingerprint': { en: "the partner's key fingerprint as its administrator gave it to you (16 hex digits); pairing stops if it differs", es: 'la huella de la clave del socio tal como se la dio su administrador (16 dígitos hexadecimales); el emparejamiento se detiene si difiere' },
  'federation.cli.replace': { en: 'replace the key pinned for that node (an agreed key rotation)', es: 'reemplazar la clave fijada para ese nodo (una rotación de clave acordada)' },
  'federation.cli.paired': { en: 'paired with {{node}} ({{country}}) at {{url}}, key fingerprint {{keyId}}', es: 'emparejado con {{node}} ({{country}}) en {{url}}, huella de la clave {{keyId}}' },
  'federation.cli.partners': { en: 'list the paired partner nodes and the state of the exchange', es: 'lista los nodos socios emparejados y el estado del intercambio' },
  'federation.cli.partnerLine': {
    en: '{{node}} ({{country}}) {{url}} key {{keyId}}: {{pending}} queued, partner cursor {{acked}}, applied from it {{applied}}{{error}}',
    es: '{{node}} ({{country}}) {{url}} clave {{keyId}}: {{pending}} en cola, cursor del socio {{acked}}, aplicados de él {{applied}}{{error}}',
  },
  'federation.cli.noPartners': { en: 'no partner node is paired', es: 'no hay ningún nodo socio emparejado' },
  'federation.cli.deliver': { en: 'deliver the queued messages to the partner now', es: 'entregar ahora los mensajes en cola al socio' },
  'federation.cli.partner': { en: "the partner's node id, e.g. us-node", es: 'el id del nodo socio, p. ej. us-node' },
  'federation.cli.delivered': { en: '{{delivered}} delivered, {{pending}} still queued{{error}}', es: '{{delivered}} entregados, {{pending}} aún en cola{{error}}' },

  'federation.error.badUrl': { en: 'not an http(s) address: {{url}}', es: 'no es una dirección http(s): {{url}}' },
  'federation.error.unreachable': { en: 'the partner node at {{url}} cannot be reached ({{detail}})', es: 'no se puede contactar al nodo socio en {{url}} ({{detail}})' },
  'federation.error.badIdentity': { en: 'the node at {{url}} did not answer with a node identity', es: 'el nodo en {{url}} no respondió con una identidad de nodo' },
  'federation.error.self': { en: '{{url}} is this node itself', es: '{{url}} es este mismo nodo' },
  'federation.error.fingerprint': {
    en: 'the key fingerprint is {{keyId}}, not {{expected}}: not paired (check with the partner\'s administrator)',
    es: 'la huella de la clave es {{keyId}}, no {{expected}}: no se emparejó (verifíquelo con el administrador del socio)',
  },
  'federation.error.keyChanged': {
    en: 'node {{node}} is pinned with key {{pinned}} but now presents {{keyId}}: not replaced without --replace',
    es: 'el nodo {{node}} está fijado con la clave {{pinned}} pero ahora presenta {{keyId}}: no se reemplaza sin --replace',
  },
  'federation.error.notPaired': { en: 'node {{node}} is not a paired partner', es: 'el nodo {{node}} no es un socio emparejado' },
  'federation.error.refused': { en: 'partner {{node}} refused the message (HTTP {{status}}): {{detail}}', es: 'el socio {{node}} rechazó el mensaje (HTTP {{status}}): {{detail}}' },
  'federation.error.badReply': { en: "partner {{node}}'s answer is not a reply signed with its pinned key", es: 'la respuesta del socio {{node}} no es una respuesta firmada con su clave fijada' },

  'federation.reject.malformed': { en: 'not a signed federation message', es: 'no es un mensaje de federación firmado' },
  'federation.reject.unknown_key': { en: 'signed with a key no paired node holds', es: 'firmado con una clave que no tiene ningún nodo emparejado' },
  'federation.reject.signature': { en: 'the signature does not verify: the message was altered or not signed by the partner', es: 'la firma no se verifica: el mensaje fue alterado o no lo firmó el socio' },
  'federation.reject.sender': { en: 'the message names another sender than the key\'s node', es: 'el mensaje indica otro remitente que el nodo de la clave' },
  'federation.reject.audience': { en: 'the message is addressed to another node', es: 'el mensaje está dirigido a otro nodo' },
  'federation.reject.stale': { en: 'the message was signed too long ago or in the future', es: 'el mensaje se firmó hace demasiado tiempo o en el futuro' },
  'federation.reject.replay': { en: 'the message was already received (replay)', es: 'el mensaje ya se había recibido (repetición)' },
  'federation.reject.unknown_type': { en: 'unknown message type', es: 'tipo de mensaje desconocido' },
  'federation.reject.sequence': { en: 'queued message out of sequence', es: 'mensaje en cola fuera de secuencia' },

  'auth.policy.federation-admin': {
    en: "Administrators pair the node with its partner and manage agreements",
    es: 'Los administradores emparejan el nodo con su socio y gestionan los acuerdos',
  },
  'auth.policy.federation-read': {
    en: 'Analysts, supervisors and auditors see the partners and the state of the exchange',
    es: 'Analistas, supervisores y auditores ven los socios y el estado del intercambio',
  },
} satisfies Area;
