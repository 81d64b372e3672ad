/**
 * Country names as OFAC writes them ("Korea, North", "Burma", "Congo, Democratic Republic of the",
 * "Region: Crimea") → ISO 3166-1 alpha-2. The English names of all regions come from the runtime's CLDR data
 * (Intl.DisplayNames); OFAC's own spellings and regions are added below.
 */
import { foldText } from '../../../../engines/src/screening/text';

const OFAC_NAMES: Record<string, string> = {
  'bahamas the': 'BS', burma: 'MM', 'congo democratic republic of the': 'CD', 'congo republic of the': 'CG',
  'cote d ivoire': 'CI', 'czech republic': 'CZ', 'korea north': 'KP', 'korea south': 'KR', laos: 'LA',
  macau: 'MO', 'man isle of': 'IM', 'north macedonia the republic of': 'MK', macedonia: 'MK', palestinian: 'PS',
  'possibly palestinian': 'PS', 'region gaza': 'PS', 'region west bank': 'PS', 'west bank': 'PS', gaza: 'PS',
  'region crimea': 'UA', russia: 'RU', syria: 'SY', iran: 'IR', taiwan: 'TW', 'the gambia': 'GM', gambia: 'GM',
  turkey: 'TR', vietnam: 'VN', 'virgin islands british': 'VG', 'virgin islands u s': 'VI', brunei: 'BN',
  'cabo verde': 'CV', 'cape verde': 'CV', moldova: 'MD', tanzania: 'TZ', venezuela: 'VE', bolivia: 'BO',
  kosovo: 'XK', 'hong kong': 'HK', 'united states': 'US', usa: 'US', 'united kingdom': 'GB', uk: 'GB',
  'netherlands antilles': 'CW', 'south sudan': 'SS', 'micronesia federated states of': 'FM', 'swaziland': 'SZ',
  'east timor': 'TL', 'timor leste': 'TL', 'holy see': 'VA', 'saint lucia': 'LC', 'sao tome and principe': 'ST',
  'korea': 'KR', 'north korea': 'KP', 'south korea': 'KR', 'mexico': 'MX', 'mexico city': 'MX',
};

const BY_NAME: Map<string, string> = (() => {
  const m = new Map<string, string>();
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      let name: string | undefined;
      try { name = names.of(code); } catch { name = undefined; }
      if (!name || name === code) continue;
      m.set(foldText(name), code);
      // "Myanmar (Burma)" → also "myanmar"; "Congo - Kinshasa" → "congo kinshasa" already folded
      const bare = name.replace(/\s*\(.*\)\s*/g, '').replace(/\s*SAR China$/, '');
      if (bare !== name) m.set(foldText(bare), code);
    }
  }
  for (const [k, v] of Object.entries(OFAC_NAMES)) m.set(k, v);
  return m;
})();

/** ISO alpha-2 of a country name, or undefined (e.g. "undetermined", "Region: Kafia Kingi"). */
export function countryCode(name: string): string | undefined {
  const f = foldText(name);
  if (!f) return undefined;
  const direct = BY_NAME.get(f);
  if (direct) return direct;
  return BY_NAME.get(f.replace(/^(region|possibly|the)\s+/, ''));
}
