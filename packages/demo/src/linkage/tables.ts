/**
 * Tables of the linkage generator: nicknames (hypocorísticos) and English equivalents of Spanish given names,
 * synthetic long tails of surnames (Zipf-like, invented from word parts), telephone area codes, keyboard and
 * OCR confusions. Written for Puente from general knowledge of naming customs; no data file was copied and no
 * real person's name is listed.
 */

/** Spanish given name (accent-free, lower case) → nicknames used in Mexico and by Mexican-Americans. */
export const MX_NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  jose: ['Pepe', 'Chepe'], francisco: ['Paco', 'Pancho', 'Kiko'], guadalupe: ['Lupe', 'Lupita'], jesus: ['Chuy', 'Chucho'],
  guillermo: ['Memo'], alberto: ['Beto'], roberto: ['Beto'], humberto: ['Beto'], gilberto: ['Beto'], ignacio: ['Nacho'],
  enrique: ['Kike', 'Quique'], eduardo: ['Lalo'], alfredo: ['Fredo'], refugio: ['Cuco', 'Cuca'], rosario: ['Chayo'],
  concepcion: ['Concha', 'Conchita'], dolores: ['Lola', 'Lolita'], socorro: ['Coco'], luis: ['Wicho', 'Güicho'],
  ramon: ['Moncho'], manuel: ['Manolo', 'Meme'], antonio: ['Toño', 'Tony'], gerardo: ['Jerry'], rodrigo: ['Rodri'],
  santiago: ['Santi'], alejandro: ['Alex', 'Jano'], sergio: ['Checo'], margarita: ['Mago'], cristina: ['Cris'],
  isabel: ['Chabela'], jorge: ['Coque'], rafael: ['Rafa'], ernesto: ['Neto'], armando: ['Mando'], fernando: ['Nando'],
  gabriela: ['Gaby'], patricia: ['Paty'], leticia: ['Lety'], beatriz: ['Bety'], teresa: ['Tere'], veronica: ['Vero'],
  alicia: ['Licha'], josefina: ['Chepina', 'Pina'], daniel: ['Dani'], adriana: ['Adri'], mariana: ['Mari'],
  angelica: ['Angie'], alejandra: ['Ale'], fabiola: ['Faby'], elizabeth: ['Liz', 'Eli'], valentina: ['Vale'],
  salvador: ['Chava'], santos: ['Santitos'], tomas: ['Tomy'], victor: ['Vic'], gustavo: ['Tavo'], rogelio: ['Roger'],
  mario: ['Mayo'], arturo: ['Turi'], maria: ['Mary'], carmen: ['Mela'], lourdes: ['Lulú'], luz: ['Lucha'],
  leonardo: ['Leo'], sebastian: ['Sebas'], joaquin: ['Quino'], agustin: ['Tin'], emilio: ['Milo'], raul: ['Rulo'],
};

/** English nicknames of U.S. given names. */
export const US_NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  robert: ['Bob', 'Rob', 'Bobby'], william: ['Bill', 'Will', 'Billy'], james: ['Jim', 'Jimmy'], john: ['Jack', 'Johnny'],
  michael: ['Mike'], richard: ['Rick', 'Dick'], joseph: ['Joe'], thomas: ['Tom', 'Tommy'], christopher: ['Chris'],
  charles: ['Charlie', 'Chuck'], daniel: ['Dan', 'Danny'], matthew: ['Matt'], anthony: ['Tony'], donald: ['Don'],
  steven: ['Steve'], andrew: ['Andy', 'Drew'], joshua: ['Josh'], kenneth: ['Ken', 'Kenny'], timothy: ['Tim'],
  ronald: ['Ron'], edward: ['Ed', 'Eddie'], jeffrey: ['Jeff'], nicholas: ['Nick'], jonathan: ['Jon'], stephen: ['Steve'],
  gregory: ['Greg'], alexander: ['Alex'], patrick: ['Pat'], samuel: ['Sam'], benjamin: ['Ben'], zachary: ['Zach'],
  elizabeth: ['Liz', 'Beth', 'Betsy'], patricia: ['Pat', 'Patty'], jennifer: ['Jen', 'Jenny'], margaret: ['Peggy', 'Maggie'],
  katherine: ['Kate', 'Kathy'], kimberly: ['Kim'], rebecca: ['Becky'], deborah: ['Debbie'], susan: ['Sue'],
  barbara: ['Barb'], jessica: ['Jess'], samantha: ['Sam'], christine: ['Chris'], victoria: ['Vicky'], abigail: ['Abby'],
  pamela: ['Pam'], cynthia: ['Cindy'], dorothy: ['Dot'], kathleen: ['Kathy'], stephanie: ['Steph'], amanda: ['Mandy'],
};

/** Spanish given name → the English form U.S. records sometimes use. */
export const ENGLISH_FORMS: Readonly<Record<string, string>> = {
  jose: 'Joseph', juan: 'John', jesus: 'Jesse', guillermo: 'William', francisco: 'Frank', miguel: 'Michael',
  pedro: 'Peter', pablo: 'Paul', roberto: 'Robert', ricardo: 'Richard', enrique: 'Henry', alejandro: 'Alexander',
  antonio: 'Anthony', eduardo: 'Edward', jorge: 'George', carlos: 'Charles', daniel: 'Daniel', david: 'David',
  tomas: 'Thomas', andres: 'Andrew', esteban: 'Steven', maria: 'Mary', juana: 'Jane', teresa: 'Theresa',
  isabel: 'Elizabeth', margarita: 'Margaret', patricia: 'Patricia', elena: 'Helen', lucia: 'Lucy', julia: 'Julie',
};

// Invented surnames for the long tail: root + ending. A few may coincide with real surnames (surnames are not
// personal data); none is taken from any list of people.
const MX_ROOTS = [
  'Albar', 'Barr', 'Bel', 'Berm', 'Cal', 'Carr', 'Cas', 'Cer', 'Cor', 'Dur', 'Escal', 'Est', 'Fig', 'Gal', 'Garc', 'Gual',
  'Ibar', 'Jar', 'Lav', 'Leg', 'Lor', 'Mad', 'Mal', 'Mar', 'Mend', 'Mon', 'Nav', 'Olm', 'Ord', 'Pal', 'Pedr', 'Quir',
  'Ram', 'Rev', 'Sal', 'Sarm', 'Sep', 'Tam', 'Tol', 'Urb', 'Val', 'Vill', 'Zam', 'Zubi', 'Arr', 'Baz', 'Cam', 'Chav',
  'Eliz', 'Goy', 'Hin', 'Lizar', 'Muj', 'Och', 'Pin', 'Sol', 'Tre', 'Uri', 'Ver', 'Yb',
];
const MX_ENDS = ['ez', 'ado', 'ero', 'illo', 'era', 'ales', 'ano', 'aga', 'ía', 'anda', 'ardo', 'uelos', 'ino', 'ón', 'ientos', 'edo', 'ote', 'ueta', 'ache', 'aza'];
const US_ROOTS = [
  'Ash', 'Black', 'Brad', 'Brook', 'Cald', 'Chand', 'Craw', 'Dal', 'Elling', 'Fair', 'Gold', 'Hal', 'Hart', 'Hol', 'Kings',
  'Lang', 'Mar', 'Mid', 'Nor', 'Oak', 'Pem', 'Ray', 'Red', 'Ruther', 'Shel', 'Stan', 'Sut', 'Thorn', 'Wal', 'West',
  'Whit', 'Wins', 'Ald', 'Bart', 'Carl', 'Dun', 'Fen', 'Gar', 'Hamp', 'Lind',
];
const US_ENDS = ['ford', 'ley', 'ton', 'well', 'wood', 'ridge', 'field', 'man', 'son', 'ham', 'by', 'stead', 'worth', 'brook', 'er', 'ington'];

/** The k-th invented Spanish-sounding surname (k < MX_TAIL_SIZE). */
export const MX_TAIL_SIZE = MX_ROOTS.length * MX_ENDS.length;
export function mxTailSurname(k: number): string {
  return MX_ROOTS[k % MX_ROOTS.length]! + MX_ENDS[Math.floor(k / MX_ROOTS.length) % MX_ENDS.length]!;
}
export const US_TAIL_SIZE = US_ROOTS.length * US_ENDS.length;
export function usTailSurname(k: number): string {
  return US_ROOTS[k % US_ROOTS.length]! + US_ENDS[Math.floor(k / US_ROOTS.length) % US_ENDS.length]!;
}

/** Mexican long-distance codes (lada) by state name; others get a 3-digit code from the list. */
export const MX_LADA: Readonly<Record<string, string>> = {
  'Ciudad de México': '55', 'México': '55', Jalisco: '33', 'Nuevo León': '81', 'Baja California': '664', Chihuahua: '656',
  Tamaulipas: '899', Sonora: '662', 'Coahuila de Zaragoza': '844', Sinaloa: '667', Guanajuato: '477', Puebla: '222',
  'Veracruz de Ignacio de la Llave': '229', 'Quintana Roo': '998', Yucatán: '999', Querétaro: '442',
};
export const MX_OTHER_LADAS = ['443', '744', '951', '961', '492', '444', '618', '449', '993', '777', '771'];
export const US_AREA: Readonly<Record<string, readonly string[]>> = {
  CA: ['619', '213', '714', '559', '760'], AZ: ['602', '520', '928'], NM: ['505', '575'], TX: ['915', '956', '210', '713', '214', '512'],
  IL: ['312', '773', '708'], GA: ['404', '706'], CO: ['303', '720'], NV: ['702', '775'], FL: ['305', '407', '813'],
  NY: ['212', '718'], NC: ['704', '919'], WA: ['206', '509'],
};

/** Keys next to each other on a QWERTY keyboard (lower case), for keyboard typos. */
export const KEY_NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'qwsz', b: 'vghn', c: 'xdfv', d: 'serfcx', e: 'wsdr', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', i: 'ujko', j: 'huikmn',
  k: 'jiolm', l: 'kop', m: 'njk', n: 'bhjm', o: 'iklp', p: 'ol', q: 'wa', r: 'edft', s: 'awedxz', t: 'rfgy', u: 'yhji',
  v: 'cfgb', w: 'qase', x: 'zsdc', y: 'tghu', z: 'asx',
};
/** OCR confusions (either direction). */
export const OCR_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['rn', 'm'], ['l', '1'], ['O', '0'], ['I', 'l'], ['e', 'c'], ['u', 'v'], ['cl', 'd'], ['h', 'b'], ['S', '5'], ['B', '8'],
  ['n', 'h'], ['i', 'l'], ['a', 'o'], ['Z', '2'], ['g', 'q'],
];
