/**
 * Word lists the name parser needs, all in folded form (lower case, no accents). They describe the languages,
 * not any list: titles, particles, stop-words, hypocorisms and given-name equivalents of Spanish and English.
 * Sources: RAE–ASALE *Diccionario panhispánico de dudas* (abreviaturas de tratamiento, "don", "licenciado");
 * Boyd-Bowman, "Cómo obra la fonética infantil en la formación de los hipocorísticos", *Nueva Revista de
 * Filología Hispánica* 9 (1955) for the Spanish hypocorisms; rigour `resources/names/stopwords.yml` (MIT) for
 * the shape of the English title list (our own, shorter selection).
 */

/**
 * Honorifics and titles (Spanish and English), written before a name. They are *optional* parts: a title on one
 * side and not on the other costs nothing, but "Don" or "Sr" can still match when both sides carry them (some
 * are also given names: Don, Dean).
 */
export const HONORIFICS = new Set([
  // Spanish forms of address and academic/professional titles (DPD, "abreviatura" appendix)
  'sr', 'sra', 'srta', 'senor', 'senora', 'senorita', 'don', 'dona', 'dn', 'dna',
  'lic', 'licda', 'lcdo', 'lcda', 'licenciado', 'licenciada', 'ing', 'inga', 'ingeniero', 'ingeniera',
  'dr', 'dra', 'doctor', 'doctora', 'prof', 'profa', 'profesor', 'profesora', 'mtro', 'mtra', 'maestro', 'maestra',
  'arq', 'arquitecto', 'arquitecta', 'cp', 'contador', 'abog', 'abogado', 'abogada', 'qfb',
  'gral', 'general', 'cap', 'capitan', 'cor', 'coronel', 'tte', 'teniente', 'cmdte', 'comandante', 'sgto', 'sargento',
  'presb', 'pbro', 'padre', 'fray', 'sor', 'excmo', 'excma', 'ilmo', 'ilma', 'hon', 'honorable',
  'presidente', 'senador', 'senadora', 'diputado', 'diputada', 'gobernador', 'gobernadora', 'alcalde',
  // English
  'mr', 'mrs', 'ms', 'miss', 'mx', 'mister', 'madam', 'sir', 'dame', 'lord', 'lady', 'rev', 'reverend',
  'president', 'senator', 'gov', 'governor', 'gen', 'col', 'colonel', 'capt', 'captain', 'maj', 'lt', 'sgt',
  'judge', 'hrh', 'excellency', 'honourable', 'rt',
  // other common forms of address met in lists
  'monsieur', 'mme', 'herr', 'frau', 'dott', 'praesident', 'prasident',
]);

/** Generational suffixes: optional like titles. */
export const SUFFIXES = new Set(['jr', 'junior', 'sr', 'senior', 'ii', 'iii', 'iv', 'hijo']);

/**
 * Particles inside person names: Spanish de, del, de la, de los, y (Paz y Miño); Portuguese, Italian, Dutch,
 * German and Arabic connectors. Optional parts: "Jose de Jesus" and "Jose Jesus" are the same name.
 */
export const PARTICLES = new Set([
  'de', 'del', 'la', 'las', 'los', 'y', 'e', 'da', 'das', 'do', 'dos', 'di', 'du', 'le', 'van', 'der', 'den', 'von',
  'zu', 'ter', 'ten', 'bin', 'ibn', 'bint', 'ben', 'al', 'el', 'ul', 'ur', 'ud', 'mc',
]);

/** Articles that begin nicknames and organisation names ("El Mencho", "La Tuta", "The Coca-Cola Company"). */
export const ARTICLES = new Set(['el', 'la', 'los', 'las', 'lo', 'the', 'le', 'les', 'il']);

/** Stop-words inside organisation names (Spanish and English): optional parts. */
export const ORG_STOPWORDS = new Set([
  'de', 'del', 'la', 'las', 'los', 'el', 'y', 'e', 'en', 'para', 'por', 'con', 'al',
  'the', 'of', 'and', 'for', 'in', 'on', 'at', 'to', 'an', 'und', 'et', 'der', 'die', 'das', 'le', 'les', 'du', 'des',
]);

/**
 * Generic words of organisation names: they distinguish little ("Grupo", "International", "Holding"), so they
 * weigh half a distinctive word (logic-v2 gives organisation-class symbols weight 0.7; rigour org_types.yml
 * lists them as generic forms).
 */
export const ORG_GENERIC = new Set([
  'group', 'grupo', 'groupe', 'gruppe', 'international', 'internacional', 'intl', 'holding', 'holdings', 'trading',
  'services', 'servicios', 'service', 'industries', 'industrias', 'industrial', 'enterprises', 'enterprise',
  'empresas', 'comercial', 'comercializadora', 'commercial', 'import', 'export', 'importadora', 'exportadora',
  'investment', 'investments', 'inversiones', 'inversora', 'global', 'general', 'corporacion', 'corporation',
  'corp', 'company', 'compania', 'cia', 'co', 'bank', 'banco', 'management', 'solutions', 'systems', 'technologies',
  'technology', 'logistics', 'logistica', 'consulting', 'consultores', 'operadora', 'desarrolladora', 'constructora',
  'inmobiliaria', 'distribuidora', 'transportes', 'transport', 'shipping', 'naviera', 'airlines', 'aerolineas',
  'foundation', 'fundacion', 'asociacion', 'association', 'limited', 'ltd', 'llc', 'inc', 'sa',
]);

/**
 * Given names that Spanish speakers commonly prefix to a second, used given name and drop in daily use
 * (María Guadalupe → Guadalupe, José Luis → Luis; "Ma." is the usual abbreviation of María in Mexican records).
 * Dropping them costs little (screening.md §7, "compound given names truncated").
 */
export const DEVOTIONAL_GIVEN = new Set(['maria', 'ma', 'jose', 'j', 'm']);

/**
 * Hypocorisms: nickname → formal given names. Spanish (Mexican usage) after Boyd-Bowman (1955) and the
 * Diccionario de mexicanismos (Academia Mexicana de la Lengua, 2010); English after common usage.
 */
const HYPOCORISMS: Record<string, string[]> = {
  // Spanish
  pepe: ['jose'], pepito: ['jose'], chepe: ['jose'], cheo: ['jose'], chema: ['jose'], pepa: ['josefa', 'josefina'],
  chepa: ['josefa'], fina: ['josefina'],
  paco: ['francisco'], pancho: ['francisco'], curro: ['francisco'], quico: ['francisco'], kiko: ['francisco', 'enrique', 'federico'],
  paquito: ['francisco'], paca: ['francisca'], pancha: ['francisca'], paquita: ['francisca'],
  lupe: ['guadalupe'], lupita: ['guadalupe'], lupillo: ['guadalupe'],
  chuy: ['jesus'], chucho: ['jesus'], chuyito: ['jesus'],
  nacho: ['ignacio'], memo: ['guillermo'], guille: ['guillermo'], lalo: ['eduardo', 'gerardo'],
  beto: ['alberto', 'roberto', 'humberto', 'heriberto', 'gilberto', 'norberto', 'adalberto'],
  tono: ['antonio'], tonio: ['antonio'], toni: ['antonio'], tony: ['antonio', 'anthony'],
  charo: ['rosario'], chayo: ['rosario'], lola: ['dolores'], lolita: ['dolores'], meche: ['mercedes'],
  chelo: ['consuelo', 'araceli'], concha: ['concepcion'], conchita: ['concepcion'], conchi: ['concepcion'],
  quique: ['enrique'], kike: ['enrique'], rafa: ['rafael'], manolo: ['manuel'], manu: ['manuel'],
  chava: ['salvador'], chalo: ['gonzalo'], tere: ['teresa'], nando: ['fernando'], goyo: ['gregorio'],
  poncho: ['alfonso'], licha: ['alicia'], cuca: ['refugio'], cuco: ['refugio'], fito: ['rodolfo', 'adolfo'],
  chente: ['vicente'], moncho: ['ramon'], chabela: ['isabel'], chon: ['asuncion', 'encarnacion', 'ascension'],
  chona: ['asuncion', 'encarnacion'], mago: ['margarita'], santi: ['santiago'], chago: ['santiago'],
  sebas: ['sebastian'], alex: ['alejandro', 'alexander', 'alexis'], ale: ['alejandro', 'alejandra'], dani: ['daniel'],
  neto: ['ernesto'], tacho: ['anastasio'], chevo: ['eusebio'], quino: ['joaquin'], chinto: ['jacinto'],
  gabo: ['gabriel'], chela: ['graciela'], nati: ['natividad'], chole: ['soledad'], paty: ['patricia'],
  pati: ['patricia'], lucho: ['luis'], wicho: ['luis'], pipe: ['felipe'], richi: ['ricardo'], juancho: ['juan'],
  javi: ['javier'], cata: ['catalina'], trini: ['trinidad'], nicho: ['dionisio'], fredo: ['alfredo'],
  rodri: ['rodrigo'], jorgito: ['jorge'], toncho: ['antonio'], tito: ['alberto', 'roberto'],
  // abbreviations of given names usual in Mexican records (Ma. Guadalupe, Fco. Javier, J. Jesús…)
  ma: ['maria'], fco: ['francisco'], gpe: ['guadalupe'], ant: ['antonio'], jgo: ['jorge'], ml: ['manuel'], jn: ['juan'],
  // English
  bill: ['william'], billy: ['william'], will: ['william'], willy: ['william'], liam: ['william'],
  bob: ['robert'], bobby: ['robert'], rob: ['robert'], robbie: ['robert'], dick: ['richard'], rick: ['richard'],
  rich: ['richard'], ricky: ['richard', 'ricardo'], jim: ['james'], jimmy: ['james'], jamie: ['james'],
  jack: ['john'], johnny: ['john'], mike: ['michael'], mikey: ['michael'], mick: ['michael'], tom: ['thomas'],
  tommy: ['thomas'], joe: ['joseph'], joey: ['joseph'], charlie: ['charles'], chuck: ['charles'],
  ed: ['edward'], eddie: ['edward', 'eduardo'], ted: ['theodore', 'edward'], teddy: ['theodore', 'edward'],
  ned: ['edward'], peggy: ['margaret'], maggie: ['margaret', 'margarita'], meg: ['margaret'], liz: ['elizabeth'],
  beth: ['elizabeth'], betty: ['elizabeth'], kate: ['katherine', 'catherine'], kathy: ['katherine', 'catherine'],
  cathy: ['catherine'], ben: ['benjamin'], benny: ['benjamin'], sam: ['samuel'], dan: ['daniel'], danny: ['daniel'],
  dave: ['david'], chris: ['christopher', 'cristina', 'cristobal'], matt: ['matthew'], nick: ['nicholas'],
  pat: ['patrick', 'patricia'], pete: ['peter'], steve: ['stephen', 'steven'], jen: ['jennifer'],
  jenny: ['jennifer'], sue: ['susan'],
};

/** Spanish ↔ English equivalents of common given names (the same saint's name in each language). */
const EQUIVALENTS: string[][] = [
  ['juan', 'john'], ['jose', 'joseph'], ['pedro', 'peter'], ['pablo', 'paul'], ['miguel', 'michael'],
  ['jorge', 'george'], ['guillermo', 'william'], ['enrique', 'henry'], ['alejandro', 'alexander'],
  ['carlos', 'charles'], ['luis', 'louis'], ['antonio', 'anthony'], ['francisco', 'francis'],
  ['esteban', 'stephen', 'steven'], ['tomas', 'thomas'], ['mateo', 'matthew'], ['andres', 'andrew'],
  ['felipe', 'philip'], ['jaime', 'james'], ['ricardo', 'richard'], ['roberto', 'robert'], ['eduardo', 'edward'],
  ['alfredo', 'alfred'], ['federico', 'frederick'], ['nicolas', 'nicholas'], ['patricio', 'patrick'],
  ['cristobal', 'christopher'], ['jeronimo', 'jerome'], ['maria', 'mary'], ['juana', 'jane', 'joan'],
  ['isabel', 'elizabeth'], ['catalina', 'catherine', 'katherine'], ['margarita', 'margaret'],
  ['ana', 'ann', 'anne', 'anna'], ['elena', 'helen'], ['teresa', 'theresa'], ['susana', 'susan'],
  ['luisa', 'louise'], ['carolina', 'caroline'], ['josefina', 'josephine'], ['lucia', 'lucy'],
  ['guadalupe', 'lupe'], ['ignacio', 'ignatius'], ['gregorio', 'gregory'], ['raimundo', 'raymond'],
];

function links(pairs: Array<[string, string]>): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const [a, b] of pairs) {
    if (a === b) continue;
    if (!m.has(a)) m.set(a, new Set());
    if (!m.has(b)) m.set(b, new Set());
    m.get(a)!.add(b);
    m.get(b)!.add(a);
  }
  return m;
}

/** Folded given name → its hypocorisms and the names it is a hypocorism of (Pepe ↔ José), both directions. */
export const HYPOCORISM_LINKS = links(Object.entries(HYPOCORISMS).flatMap(([nick, formals]) => formals.map((f) => [nick, f] as [string, string])));

/** Folded given name → the same name in the other language (José ↔ Joseph), both directions. */
export const EQUIVALENT_LINKS = links(EQUIVALENTS.flatMap((group) => group.flatMap((a) => group.map((b) => [a, b] as [string, string]))));

/** Any link, for candidate retrieval. */
export const GIVEN_NAME_LINKS: Map<string, Set<string>> = (() => {
  const m = new Map<string, Set<string>>();
  for (const src of [HYPOCORISM_LINKS, EQUIVALENT_LINKS]) {
    for (const [k, vs] of src) { if (!m.has(k)) m.set(k, new Set()); for (const v of vs) m.get(k)!.add(v); }
  }
  return m;
})();

/**
 * East Slavic patronymics (Vladimirovich, Viktorovna, Oleksandrovych): the middle part of a Russian, Ukrainian
 * or Belarusian name, routinely left out in Western and informal use — so it costs like a later given name.
 */
const PATRONYMIC = /(?:ovich|evich|ovych|evych|ovna|evna|ivna|ichna|yich|ovic|evic)$/;
export function isPatronymic(word: string): boolean {
  return word.length >= 7 && PATRONYMIC.test(word);
}
