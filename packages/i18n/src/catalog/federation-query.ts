import type { Area } from '../types';

/** Catalogue area 'federation-query' (issue 6). Keys start with 'federation.query.' (policy explanations: 'auth.policy.<id>'). */
export default {
  'federation.query.error.kind': { en: 'unknown kind of question {{kind}}: screen-name, firearm-serial or person-id', es: 'tipo de consulta desconocido {{kind}}: screen-name, firearm-serial o person-id' },
  'federation.query.error.value': { en: 'give the name or number to ask about (at most 300 characters)', es: 'indique el nombre o número por consultar (300 caracteres como máximo)' },
  'federation.query.error.purpose': { en: 'unknown purpose {{purpose}}', es: 'finalidad desconocida {{purpose}}' },
  'federation.query.error.legalBasis': { en: 'the legal basis is at most 500 characters', es: 'la base legal tiene como máximo 500 caracteres' },

  'federation.query.reason.no_agreement': { en: 'no active agreement with the partner covers this question', es: 'ningún acuerdo vigente con el socio cubre esta consulta' },
  'federation.query.reason.purpose': { en: "the agreement does not cover this purpose", es: 'el acuerdo no cubre esta finalidad' },
  'federation.query.reason.kind': { en: 'the partner does not answer this kind of question', es: 'el socio no responde este tipo de consulta' },
  'federation.query.reason.policy': { en: "the partner's policy refused the question", es: 'la política del socio rechazó la consulta' },
  'federation.query.reason.malformed': { en: 'the question was not well formed', es: 'la consulta no estaba bien formada' },
  'federation.query.reason.duplicate': { en: 'the question was already asked', es: 'la consulta ya se había hecho' },
  'federation.query.reason.reference': { en: 'the reference is unknown to the partner or was not given to this node', es: 'el socio no conoce la referencia o no se entregó a este nodo' },

  'federation.query.disclosure.error.legalBasis': { en: 'state the legal basis of the request (at most {{max}} characters)', es: 'indique la base legal de la solicitud ({{max}} caracteres como máximo)' },
  'federation.query.disclosure.error.justification': { en: 'justify the request (at most {{max}} characters)', es: 'justifique la solicitud ({{max}} caracteres como máximo)' },
  'federation.query.disclosure.error.note': { en: 'write a note with the review or decision (at most {{max}} characters)', es: 'escriba una nota con la revisión o la decisión ({{max}} caracteres como máximo)' },
  'federation.query.disclosure.error.decision': { en: 'the decision is approve or deny', es: 'la decisión es approve (aprobar) o deny (denegar)' },
  'federation.query.disclosure.error.reference': {
    en: 'name the reference to disclose: one of the answer\'s references (the question has none, or several)',
    es: 'indique la referencia por divulgar: una de las referencias de la respuesta (la consulta no tiene ninguna, o tiene varias)',
  },
  'federation.query.disclosure.error.partner': { en: 'the reference is not from partner {{partner}}; name the partner the question went to', es: 'la referencia no es del socio {{partner}}; indique el socio al que se hizo la consulta' },
  'federation.query.disclosure.error.fourEyes': {
    en: 'four eyes: you reviewed this request, so another supervisor must decide it',
    es: 'cuatro ojos: usted revisó esta solicitud, por lo que otro supervisor debe resolverla',
  },
  'federation.query.disclosure.error.settled': { en: 'this request is already {{status}}', es: 'esta solicitud ya está en estado {{status}}' },
  'federation.query.disclosure.error.agreement': {
    en: 'no active agreement with the partner covers this request any longer ({{reason}}): it can only be denied',
    es: 'ningún acuerdo vigente con el socio cubre ya esta solicitud ({{reason}}): solo puede denegarse',
  },
  'federation.query.disclosure.error.unreadable': {
    en: 'you may not read the record this request is about (for the purpose you stated), so you may not review or decide it',
    es: 'usted no puede consultar el registro al que se refiere esta solicitud (para la finalidad que indicó), por lo que no puede revisarla ni resolverla',
  },
  'federation.query.disclosure.error.egress': { en: 'the egress guard does not let this record leave for the partner', es: 'el control de salida no permite que este registro salga hacia el socio' },

  'federation.query.cli.query': { en: 'ask the partner a question and print its minimal answer', es: 'hacer una consulta al socio y mostrar su respuesta mínima' },
  'federation.query.cli.partner': { en: "the partner's node id, e.g. us-node", es: 'el id del nodo socio, p. ej. us-node' },
  'federation.query.cli.kind': { en: 'screen-name (screen against its designation lists), firearm-serial or person-id', es: 'screen-name (cotejar con sus listas de designación), firearm-serial o person-id' },
  'federation.query.cli.value': { en: 'the name, serial number or identification number', es: 'el nombre, número de serie o número de identificación' },
  'federation.query.cli.purpose': { en: 'the purpose of the question, e.g. sanctions_screening', es: 'la finalidad de la consulta, p. ej. sanctions_screening' },
  'federation.query.cli.legalBasis': { en: "the legal basis (default: the agreement's)", es: 'la base legal (por omisión, la del acuerdo)' },
  'federation.query.cli.hit': { en: '{{partner}} holds {{hits}} match(es) (question {{id}})', es: '{{partner}} tiene {{hits}} coincidencia(s) (consulta {{id}})' },
  'federation.query.cli.noHit': { en: '{{partner}} holds no match (question {{id}})', es: '{{partner}} no tiene ninguna coincidencia (consulta {{id}})' },
  'federation.query.cli.item': { en: '  reference {{token}}{{band}}', es: '  referencia {{token}}{{band}}' },
  'federation.query.cli.band': { en: ', score band {{band}}', es: ', banda de puntuación {{band}}' },
  'federation.query.cli.refused': { en: '{{partner}} refused the question: {{reason}} (question {{id}})', es: '{{partner}} rechazó la consulta: {{reason}} (consulta {{id}})' },

  'auth.policy.federation-query-ask': {
    en: 'Analysts and supervisors ask the partner questions and request disclosures, stating a purpose',
    es: 'Analistas y supervisores hacen consultas al socio y solicitan divulgaciones, indicando una finalidad',
  },
  'auth.policy.federation-query-answer': {
    en: "The partner's questions and disclosure requests are answered only under an active agreement covering their purpose",
    es: 'Las consultas y solicitudes de divulgación del socio se atienden solo bajo un acuerdo vigente que cubra su finalidad',
  },
  'auth.policy.federation-disclosure-review': {
    en: "Analysts and supervisors see the partner's disclosure requests and make the first review, stating a purpose",
    es: 'Analistas y supervisores ven las solicitudes de divulgación del socio y hacen la primera revisión, indicando una finalidad',
  },
  'auth.policy.federation-disclosure-decide-supervisor': {
    en: 'Only a supervisor approves or denies a disclosure, and never the person who reviewed it (four eyes)',
    es: 'Solo un supervisor aprueba o deniega una divulgación, y nunca quien la revisó (cuatro ojos)',
  },
  'auth.policy.federation-disclosure-oversight': {
    en: 'Auditors see questions and disclosure requests in both directions for the purpose of oversight',
    es: 'Los auditores ven las consultas y solicitudes de divulgación en ambos sentidos con la finalidad de supervisión',
  },
} satisfies Area;
