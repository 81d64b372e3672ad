/**
 * String tools of the linkage comparisons: folding (accents, ñ, case, punctuation), Soundex, Jaro–Winkler,
 * optimal-string-alignment distance with a bound, and the nickname table (Mexican/Spanish and English).
 */

/** Lower case, accents and ñ folded to ASCII, anything but letters/digits to single spaces, trimmed. */
export function fold(s: string): string {
  let out = '';
  const n = s.normalize('NFD').toLowerCase();
  let space = false;
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (space && out) out += ' ';
      space = false;
      out += n[i];
    } else if (c >= 0x300 && c <= 0x36f) {
      // combining mark (accent, tilde of ñ): dropped
    } else if (c === 0xdf) {
      if (space && out) out += ' ';
      space = false;
      out += 'ss';
    } else {
      space = true;
    }
  }
  return out;
}

/** Lower case and whitespace collapsed, accents kept (the "exact" view of a value). */
export function plain(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function digits(s: string): string {
  return s.replace(/\D+/g, '');
}

const SOUNDEX_CODE: Record<string, string> = {
  b: '1', f: '1', p: '1', v: '1', c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3', l: '4', m: '5', n: '5', r: '6',
};

/** American Soundex of a folded token ('' for none). */
export function soundex(token: string): string {
  if (!token) return '';
  const first = token[0];
  let out = first.toUpperCase();
  let last = SOUNDEX_CODE[first] ?? '';
  for (let i = 1; i < token.length && out.length < 4; i++) {
    const ch = token[i];
    const code = SOUNDEX_CODE[ch] ?? '';
    if (code && code !== last) out += code;
    if (ch !== 'h' && ch !== 'w') last = code;
  }
  return out.padEnd(4, '0');
}

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro–Winkler similarity (prefix scale 0.1, at most 4 prefix characters). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  if (la > flagsA.length) flagsA = new Uint8Array(la * 2);
  if (lb > flagsB.length) flagsB = new Uint8Array(lb * 2);
  const ma = flagsA, mb = flagsB;
  ma.fill(0, 0, la);
  mb.fill(0, 0, lb);
  const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > range ? i - range : 0;
    const hi = Math.min(lb - 1, i + range);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (mb[j] === 0 && b.charCodeAt(j) === c) {
        ma[i] = 1;
        mb[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  let k = 0;
  let trans = 0;
  for (let i = 0; i < la; i++) {
    if (ma[i] === 0) continue;
    while (mb[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) trans++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - trans / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** True when a and b are at most one edit or one adjacent transposition apart (linear time). */
export function within1(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length, lb = b.length;
  if (la === lb) {
    let i = 0;
    while (i < la && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    // substitution: the rest equal
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    // transposition of i and i+1
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && a.slice(i + 2) === b.slice(i + 2);
  }
  if (Math.abs(la - lb) !== 1) return false;
  const [s, l] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === l.charCodeAt(i)) i++;
  return s.slice(i) === l.slice(i + 1);
}

/** Optimal-string-alignment distance (edits and adjacent transpositions), or max+1 when above `max`. */
export function osa(a: string, b: string, max = 2): number {
  if (a === b) return 0;
  if (max <= 1) return within1(a, b) ? 1 : 2;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = Array.from({ length: lb + 1 }, (_, j) => j);
  let cur = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[lb], max + 1);
}

/** Nickname or short form → formal given names (folded). Spanish/Mexican and common English ones. */
const NICKNAMES: Record<string, string[]> = {
  pepe: ['jose'], pepito: ['jose'], chepe: ['jose'], joe: ['jose', 'joseph'], chema: ['jose maria', 'jose'],
  paco: ['francisco'], pancho: ['francisco'], curro: ['francisco'], frank: ['francisco', 'francis', 'franklin'],
  paquita: ['francisca'], lupe: ['guadalupe'], lupita: ['guadalupe'], chuy: ['jesus'], chucho: ['jesus'],
  memo: ['guillermo'], beto: ['alberto', 'roberto', 'humberto', 'norberto'], nacho: ['ignacio'],
  kike: ['enrique'], quique: ['enrique'], lalo: ['eduardo'], tono: ['antonio'], tonio: ['antonio'],
  chente: ['vicente'], rafa: ['rafael'], fito: ['adolfo', 'rodolfo'], gabo: ['gabriel'], nando: ['fernando'],
  fer: ['fernando', 'fernanda'], alex: ['alejandro', 'alexander', 'alexandra'], ale: ['alejandro', 'alejandra'],
  santi: ['santiago'], tere: ['teresa'], concha: ['concepcion'], conchita: ['concepcion'], lola: ['dolores'],
  lolita: ['dolores'], pili: ['pilar'], charo: ['rosario'], chayo: ['rosario'], chelo: ['consuelo'],
  lucha: ['luz'], male: ['maria elena'], maru: ['maria eugenia'], paty: ['patricia'], pati: ['patricia'],
  vero: ['veronica'], lety: ['leticia'], chela: ['graciela'], mague: ['margarita'], rosy: ['rosa'],
  meche: ['mercedes'], cuca: ['refugio'], cuco: ['refugio'], pepa: ['josefa'], chabela: ['isabel'],
  // English
  bob: ['robert'], bobby: ['robert'], rob: ['robert'], robbie: ['robert'], bill: ['william'], billy: ['william'],
  will: ['william'], willy: ['william', 'guillermo'], liam: ['william'], jim: ['james'], jimmy: ['james'], jamie: ['james'],
  mike: ['michael', 'miguel'], mick: ['michael'], mickey: ['michael'], dick: ['richard'], rick: ['richard', 'ricardo'],
  ricky: ['richard', 'ricardo'], rich: ['richard'], tom: ['thomas', 'tomas'], tommy: ['thomas'], tony: ['anthony', 'antonio'],
  joey: ['joseph'], kate: ['katherine', 'catherine'], katie: ['katherine', 'catherine'], kathy: ['katherine', 'catherine'],
  cathy: ['catherine'], liz: ['elizabeth'], beth: ['elizabeth'], betty: ['elizabeth'], lisa: ['elizabeth'],
  eliza: ['elizabeth'], peggy: ['margaret'], maggie: ['margaret'], meg: ['margaret'], sue: ['susan'], susie: ['susan'],
  jenny: ['jennifer'], jen: ['jennifer'], chris: ['christopher', 'christine', 'christina', 'cristina', 'cristobal'],
  dan: ['daniel'], danny: ['daniel'], dave: ['david'], davy: ['david'], ed: ['edward', 'eduardo'], eddie: ['edward', 'eduardo'],
  ted: ['edward', 'theodore'], ben: ['benjamin'], sam: ['samuel', 'samantha'], steve: ['stephen', 'steven'],
  matt: ['matthew'], nick: ['nicholas'], pat: ['patrick', 'patricia'], patty: ['patricia'], andy: ['andrew'],
  drew: ['andrew'], charlie: ['charles'], chuck: ['charles'], hank: ['henry'], harry: ['henry', 'harold'],
  jack: ['john'], johnny: ['john'], jon: ['jonathan', 'john'], larry: ['lawrence'], greg: ['gregory'],
  jeff: ['jeffrey'], ken: ['kenneth'], kenny: ['kenneth'], ron: ['ronald'], ronnie: ['ronald'], don: ['donald'],
  tim: ['timothy'], timmy: ['timothy'], jerry: ['gerald', 'jerome'], gerry: ['gerald'], fred: ['frederick'],
  freddie: ['frederick'], abby: ['abigail'], becky: ['rebecca'], debbie: ['deborah'], deb: ['deborah'],
  vicky: ['victoria'], val: ['valerie'], nate: ['nathan', 'nathaniel'], zach: ['zachary'], josh: ['joshua'],
  walt: ['walter'], al: ['albert', 'alan', 'alfred', 'alberto'], manny: ['manuel'], mandy: ['amanda'],
  cindy: ['cynthia'], sandy: ['sandra'], terry: ['terence', 'teresa'], tina: ['christina', 'cristina'],
};

/** The formal forms a folded given-name token may stand for (itself included). */
export function canonicalGiven(token: string): string[] {
  const forms = NICKNAMES[token];
  return forms ? [token, ...forms.map((f) => f.split(' ')[0])] : [token];
}

/** A stable key for blocking: the first formal form of a token. */
export function givenKey(token: string): string {
  const forms = NICKNAMES[token];
  return forms ? forms[0].split(' ')[0] : token;
}
