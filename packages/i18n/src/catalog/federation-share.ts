import type { Area } from '../types';

/** Catalogue area 'federation-share' (issue 6). Keys start with 'federation.share.' (policy explanations: 'auth.policy.<id>'). */
export default {
  'federation.share.error.body': { en: 'not a valid agreement: {{detail}}', es: 'no es un acuerdo válido: {{detail}}' },
  'federation.share.error.partiesRepeated': { en: 'a node is named twice among the parties', es: 'un nodo aparece dos veces entre las partes' },
  'federation.share.error.notAParty': { en: 'this node ({{node}}) is not a party to the agreement', es: 'este nodo ({{node}}) no es parte del acuerdo' },
  'federation.share.error.partyCountry': { en: 'party {{node}} is not a node of {{country}}', es: 'la parte {{node}} no es un nodo de {{country}}' },
  'federation.share.error.dates': { en: 'the agreement ends ({{to}}) before it begins ({{from}})', es: 'el acuerdo termina ({{to}}) antes de empezar ({{from}})' },
  'federation.share.error.schema': { en: 'unknown or abstract schema {{schema}}', es: 'esquema desconocido o abstracto {{schema}}' },
  'federation.share.error.property': { en: 'schema {{schema}} has no property {{prop}}', es: 'el esquema {{schema}} no tiene la propiedad {{prop}}' },
  'federation.share.error.versionExists': { en: 'agreement {{id}} already has a version {{version}}', es: 'el acuerdo {{id}} ya tiene una versión {{version}}' },
  'federation.share.error.alreadySigned': { en: 'this node has already signed agreement {{id}} version {{version}}', es: 'este nodo ya firmó el acuerdo {{id}} versión {{version}}' },
  'federation.share.error.badFile': { en: 'cannot read the agreement file {{file}}: {{detail}}', es: 'no se puede leer el archivo del acuerdo {{file}}: {{detail}}' },

  'federation.share.cli.agreements': { en: 'sharing agreements with partner nodes: list, propose, sign', es: 'acuerdos de intercambio con nodos socios: listar, proponer, firmar' },
  'federation.share.cli.list': { en: 'list every version of every agreement, its signatures and whether it is in force', es: 'lista cada versión de cada acuerdo, sus firmas y si está en vigor' },
  'federation.share.cli.propose': { en: "propose a version of an agreement (JSON file); this node signs it and sends it to the other parties", es: 'proponer una versión de un acuerdo (archivo JSON); este nodo la firma y la envía a las demás partes' },
  'federation.share.cli.file': { en: 'the agreement as JSON: id, title {en, es}, parties, schemata, purposes, legalBasis, retentionDays, distributions, approvalRequired, validFrom, validTo', es: 'el acuerdo en JSON: id, title {en, es}, parties, schemata, purposes, legalBasis, retentionDays, distributions, approvalRequired, validFrom, validTo' },
  'federation.share.cli.template': { en: "print the demo's framework agreement as JSON, to edit and propose with --file", es: 'muestra en JSON el acuerdo marco de la demostración, para editarlo y proponerlo con --file' },
  'federation.share.cli.sign': { en: "sign a partner's proposed agreement as this node's administrator", es: 'firmar como administrador de este nodo un acuerdo propuesto por un socio' },
  'federation.share.cli.id': { en: 'the agreement id', es: 'el id del acuerdo' },
  'federation.share.cli.version': { en: 'the version (default: the latest)', es: 'la versión (por omisión: la más reciente)' },
  'federation.share.cli.sync': { en: 'compare the shareable records with what each partner has, queue the changes and deliver them now', es: 'comparar los registros compartibles con lo que tiene cada socio, poner en cola los cambios y entregarlos ahora' },
  'federation.share.cli.none': { en: 'no agreement yet', es: 'todavía no hay ningún acuerdo' },
  'federation.share.cli.line': {
    en: '{{id}} v{{version}} "{{title}}" {{state}}; parties {{parties}}; valid {{from}}–{{to}}; signed by {{signed}}{{awaiting}}',
    es: '{{id}} v{{version}} "{{title}}" {{state}}; partes {{parties}}; vigencia {{from}}–{{to}}; firmado por {{signed}}{{awaiting}}',
  },
  'federation.share.cli.awaiting': { en: '; awaiting {{nodes}}', es: '; falta {{nodes}}' },
  'federation.share.cli.open': { en: 'open-ended', es: 'indefinida' },
  'federation.share.state.active': { en: 'in force', es: 'en vigor' },
  'federation.share.state.proposed': { en: 'proposed', es: 'propuesto' },
  'federation.share.state.signed': { en: 'signed, not in force', es: 'firmado, no en vigor' },
  'federation.share.state.expired': { en: 'expired', es: 'vencido' },
  'federation.share.state.superseded': { en: 'superseded', es: 'sustituido' },
  'federation.share.cli.proposed': { en: 'proposed {{id}} version {{version}}; sent to {{nodes}} for signature', es: 'propuesto {{id}} versión {{version}}; enviado a {{nodes}} para su firma' },
  'federation.share.cli.signed': { en: 'signed {{id}} version {{version}}: {{state}}', es: 'firmado {{id}} versión {{version}}: {{state}}' },
  'federation.share.cli.synced': {
    en: '{{partner}}: {{upserts}} records queued, {{retracts}} retractions, {{refused}} refused by the egress guard, {{unchanged}} unchanged; {{delivered}} delivered, {{pending}} still queued{{error}}',
    es: '{{partner}}: {{upserts}} registros en cola, {{retracts}} retiros, {{refused}} rechazados por el control de salida, {{unchanged}} sin cambios; {{delivered}} entregados, {{pending}} aún en cola{{error}}',
  },

  'auth.policy.federation-share-under-agreement': {
    en: 'A record may go to a partner node that is a party to an agreement in force covering its schema, distribution and purposes',
    es: 'Un registro puede ir a un nodo socio que sea parte de un acuerdo en vigor que cubra su esquema, su distribución y sus finalidades',
  },
  'auth.policy.federation-share-no-resharing': {
    en: "A copy of a partner's record (locked) is never shared on: only its origin shares it",
    es: 'Una copia de un registro de un socio (bloqueada) nunca se vuelve a compartir: solo su origen la comparte',
  },
  'auth.policy.federation-share-agreement-in-force': {
    en: 'Records travel only under an agreement signed by both nodes and within its validity, with the receiving node as a party',
    es: 'Los registros viajan solo bajo un acuerdo firmado por ambos nodos y vigente, con el nodo receptor como parte',
  },
  'auth.policy.federation-share-distribution': {
    en: "Records kept to their agency or their node never leave; bilateral and agreement records only under an agreement covering that level",
    es: 'Los registros reservados a su dependencia o a su nodo nunca salen; los bilaterales y los de acuerdo solo bajo un acuerdo que cubra ese nivel',
  },
  'auth.policy.federation-share-bilateral-partner': {
    en: "A bilateral record goes only to the owner's partner country under the Framework",
    es: 'Un registro bilateral va solo al país socio del propietario según el Entendimiento',
  },
  'auth.policy.federation-share-own-agreement': {
    en: 'A record shared under a named agreement goes only to a node that is a party to that agreement',
    es: 'Un registro compartido bajo un acuerdo nombrado va solo a un nodo que sea parte de ese acuerdo',
  },
  'auth.policy.federation-share-schema': {
    en: "The agreement must cover the record's schema",
    es: 'El acuerdo debe cubrir el esquema del registro',
  },
  'auth.policy.federation-share-purpose': {
    en: 'The partner may receive a record only for purposes the record serves',
    es: 'El socio puede recibir un registro solo para finalidades a las que el registro sirve',
  },
} satisfies Area;
