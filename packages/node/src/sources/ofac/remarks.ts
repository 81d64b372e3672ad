/**
 * OFAC's Remarks column holds, separated by "; ", the facts the other columns have no place for: dates and
 * places of birth, nationality, citizenship, gender, identity numbers (Mexico's C.U.R.P. and R.F.C. among them),
 * "Linked To:" relations and the *weak aliases*, written only here as `a.k.a. 'Zarco'` (never in alt.csv).
 * Long Remarks continue in sdn_comments.csv; the caller joins the two before parsing.
 */
import { countryCode } from './countries';

export interface WeakAlias { name: string; marker: 'a.k.a.' | 'f.k.a.' | 'n.k.a.' }
export interface Identifier { type: string; value: string; country?: string }

export interface Remarks {
  weakAliases: WeakAlias[];
  /** 'YYYY-MM-DD', 'YYYY-MM', 'YYYY' or a year range 'YYYY/YYYY' (circa: ±1 year) */
  birthDates: string[];
  birthPlaces: string[];
  /** ISO alpha-2 */
  nationalities: string[];
  citizenships: string[];
  gender?: 'male' | 'female';
  identifiers: Identifier[];
  linkedTo: string[];
}

const MONTHS: Record<string, string> = {
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12',
};

/** One OFAC date ("17 Jul 1966", "Jul 1966", "1966") → ISO form, or null. */
function isoDate(s: string): string | null {
  let m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/.exec(s);
  if (m && MONTHS[m[2].toLowerCase()]) return `${m[3]}-${MONTHS[m[2].toLowerCase()]}-${m[1].padStart(2, '0')}`;
  m = /^([A-Za-z]{3})[a-z]* (\d{4})$/.exec(s);
  if (m && MONTHS[m[1].toLowerCase()]) return `${m[2]}-${MONTHS[m[1].toLowerCase()]}`;
  m = /^(\d{4})$/.exec(s);
  return m ? m[1] : null;
}

/** "DOB 17 Jul 1966", "DOB circa 1960", "DOB 1960 to 1962", "DOB 01 Jan 1960 to 31 Dec 1962" → ISO. */
export function parseDob(text: string): string | null {
  const t = text.trim().replace(/\.$/, '');
  let m = /^circa (\d{4})$/i.exec(t);
  if (m) return `${+m[1] - 1}/${+m[1] + 1}`;
  m = /^(.+?) to (.+)$/.exec(t);
  if (m) {
    const a = isoDate(m[1].trim());
    const b = isoDate(m[2].trim());
    if (!a || !b) return null;
    return a === b ? a : `${a.slice(0, 4)}/${b.slice(0, 4)}`;
  }
  return isoDate(t);
}

/**
 * Weak aliases: `a.k.a. '…'` (also f.k.a./n.k.a.). Names may contain apostrophes ('ABU 'ABD AL-'AZIZ',
 * 'O'NINNO'), so an alias ends at the first quote that is followed by ";", a full stop ending the text or a
 * sentence, or the end of the text.
 */
const WEAK_RE = /\b([afn])\.k\.a\.\s+'(.*?)'(?=\s*(?:;|\.\s|\.?$))/g;

const ID_TYPES = [
  'C.U.R.P.', 'R.F.C.', 'Passport', 'National ID No.', 'Cedula No.', 'Tax ID No.', 'NIT #', 'RUC #', 'D.N.I.',
  'Registration Number', 'Registration ID', 'Business Registration Number', 'Company Number', 'Identification Number',
  'Folio Mercantil No.', 'Electoral Registry No.', 'Driver\'s License No.', 'SSN', 'Vessel Registration Identification',
  'MMSI', 'Aircraft Tail Number', 'Aircraft Manufacturer\'s Serial Number (MSN)', 'Legal Entity Number', 'SWIFT/BIC',
];

export function parseRemarks(remarks: string): Remarks {
  const out: Remarks = { weakAliases: [], birthDates: [], birthPlaces: [], nationalities: [], citizenships: [], identifiers: [], linkedTo: [] };
  if (!remarks) return out;
  let rest = remarks;
  for (const m of remarks.matchAll(WEAK_RE)) {
    const name = m[2].trim();
    if (name) out.weakAliases.push({ name, marker: `${m[1]}.k.a.` as WeakAlias['marker'] });
  }
  rest = rest.replace(WEAK_RE, '');
  for (const raw of rest.split(/;\s*/)) {
    const seg = raw.trim().replace(/\.$/, '');
    if (!seg) continue;
    let m: RegExpExecArray | null;
    if ((m = /^(?:alt\. )?DOB (.+)$/.exec(seg))) {
      const d = parseDob(m[1]);
      if (d && !out.birthDates.includes(d)) out.birthDates.push(d);
    } else if ((m = /^(?:alt\. )?POB (.+)$/.exec(seg))) {
      out.birthPlaces.push(m[1].trim());
    } else if ((m = /^(?:alt\. )?nationality (.+)$/.exec(seg))) {
      const c = countryCode(m[1]);
      if (c && !out.nationalities.includes(c)) out.nationalities.push(c);
    } else if ((m = /^(?:alt\. )?citizen (.+)$/.exec(seg))) {
      const c = countryCode(m[1]);
      if (c && !out.citizenships.includes(c)) out.citizenships.push(c);
    } else if ((m = /^Gender (Male|Female)$/i.exec(seg))) {
      out.gender = m[1].toLowerCase() as 'male' | 'female';
    } else if ((m = /^Linked To: (.+)$/.exec(seg))) {
      out.linkedTo.push(m[1].trim());
    } else {
      const s = seg.replace(/^alt\. /, '');
      const type = ID_TYPES.find((t) => s.startsWith(`${t} `));
      if (type) {
        const body = s.slice(type.length + 1);
        const cm = /^(.*?)\s*\(([^()]*)\)$/.exec(body);
        const value = (cm ? cm[1] : body).trim();
        const country = cm ? countryCode(cm[2]) : undefined;
        if (value) out.identifiers.push({ type, value, ...(country ? { country } : {}) });
      }
    }
  }
  return out;
}

/** The country of a place of birth ("Naranjo de Chila, Aguililla, Michoacan, Mexico" → MX). */
export function placeCountry(place: string): string | undefined {
  const parts = place.split(',');
  return countryCode(parts[parts.length - 1]);
}
