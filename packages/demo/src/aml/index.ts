/**
 * A small seeded transaction generator with planted laundering typologies, built differently from AMLSim:
 * ordinary accounts have a few habitual counterparties (payroll, rent, shops) with log-normal amounts and
 * weekly rhythms, some businesses receive from many; laundering rings (new mule accounts plus a few accounts
 * with ordinary history) run fan-in, fan-out, cycle, scatter-gather, gather-scatter and structuring (cash
 * deposits just under a threshold) over a few days, with amounts shaved by small fees at each hop.
 * Timestamps have second resolution. Deterministic from the seed.
 */
export interface AmlWorldOptions {
  accounts?: number; days?: number; patterns?: number; seed?: number; start?: string;
  /** Home country of the ordinary traffic (default 'US'); the other side of the border is 'MX' or 'US'. */
  country?: string;
  /**
   * Extra planted patterns, after the others (the rows without them are unchanged): funnel accounts (cash deposited
   * at 3–5 border places, then wired across the border) and mirror trades (dollars one way, the same value in pesos
   * back between the same two accounts on the other side of the border, at MXN_PER_USD); they start on days
   * fromDay (default 5) to days − 20; mxnPerUsd defaults to MXN_PER_USD (pass the rate of the world's dates).
   */
  extra?: { funnel?: number; mirror?: number; fromDay?: number; mxnPerUsd?: number };
}

export interface GeneratedTx {
  tran_id: string; timestamp: string; orig_acct: string; bene_acct: string; amount: number; currency: string;
  tx_type: string; country: string; is_laundering: 0 | 1; typology: string;
  /** Place inside the country (ZIP code, municipality), when the pattern has one. */
  place?: string;
}

/** Pesos per dollar for planted mirror trades: about 2024's average (engines/aml/rates.ts has 0.0547 USD per MXN). */
export const MXN_PER_USD = 18.3;
const BORDER_PLACES: Record<string, string[]> = {
  US: ['78520', '78521', '78041', '79901', '79905', '85621', '92173', '92154'],
  MX: ['Tijuana', 'Mexicali', 'Nogales', 'Juárez', 'Nuevo Laredo', 'Reynosa', 'Matamoros', 'Piedras Negras'],
};

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PLANTED = ['fan_in', 'fan_out', 'cycle', 'scatter_gather', 'gather_scatter', 'structuring'] as const;
export const PLANTED_EXTRA = ['funnel', 'mirror_trade'] as const;

/** All transactions, sorted by time, ids 1..n in that order. */
export function amlWorld(o: AmlWorldOptions = {}): GeneratedTx[] {
  const N = o.accounts ?? 2000, days = o.days ?? 180, P = o.patterns ?? 60, r = rng(o.seed ?? 7);
  const start = Date.parse(`${o.start ?? '2024-01-01'}T00:00:00Z`) / 1000;
  const pick = (n: number) => Math.floor(r() * n);
  const logn = (mu: number, s: number) => Math.exp(mu + s * Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r()));
  const txs: Array<Omit<GeneratedTx, 'tran_id' | 'timestamp'> & { t: number }> = [];
  const businesses = Math.max(5, Math.floor(N / 50));
  const habits: number[][] = [];
  for (let a = 0; a < N; a++) {
    const k = 1 + pick(4);
    const h: number[] = [];
    for (let j = 0; j < k; j++) h.push(r() < 0.5 ? pick(businesses) : pick(N));
    habits.push(h);
  }
  for (let d = 0; d < days; d++) {
    for (let a = 0; a < N; a++) {
      if (r() > 0.12) continue;
      const h = habits[a];
      let b = r() < 0.9 ? h[pick(h.length)] : pick(N);
      if (b === a) b = (a + 1) % N;
      const cash = r() < 0.05;
      txs.push({ t: start + d * 86400 + pick(86400), orig_acct: `A${a}`, bene_acct: `A${b}`, amount: Math.round(logn(5, 1.1) * 100) / 100, currency: 'USD', tx_type: cash ? 'CASH' : 'TRANSFER', country: 'US', is_laundering: 0, typology: '' });
    }
  }
  let mule = 0;
  const newMule = () => `M${mule++}`;
  for (let p = 0; p < P; p++) {
    const typ = PLANTED[p % PLANTED.length];
    const t0 = start + (5 + pick(days - 25)) * 86400;
    const k = 4 + pick(5);
    const members = Array.from({ length: k }, () => (r() < 0.7 ? newMule() : `A${pick(N)}`));
    const hub = r() < 0.5 ? newMule() : `A${pick(N)}`;
    let amt = 2000 + r() * 8000;
    const at = (step: number) => t0 + step * 3600 * (6 + pick(30));
    const add = (t: number, a: string, b: string, x: number, type = 'TRANSFER') => txs.push({ t, orig_acct: a, bene_acct: b, amount: Math.round(x * 100) / 100, currency: 'USD', tx_type: type, country: 'US', is_laundering: 1, typology: typ });
    if (typ === 'fan_in') members.forEach((m, i) => add(at(i), m, hub, amt * (0.8 + 0.4 * r())));
    else if (typ === 'fan_out') members.forEach((m, i) => add(at(i), hub, m, amt * (0.8 + 0.4 * r())));
    else if (typ === 'cycle') { const ring = [hub, ...members]; ring.forEach((m, i) => { add(at(i), m, ring[(i + 1) % ring.length], amt); amt *= 0.97; }); }
    else if (typ === 'scatter_gather') { const sink = newMule(); members.forEach((m, i) => { const x = amt / k; add(at(i), hub, m, x); add(at(k + i), m, sink, x * 0.95); }); }
    else if (typ === 'gather_scatter') { members.forEach((m, i) => add(at(i), m, hub, amt / k)); for (let i = 0; i < k; i++) add(at(k + i), hub, newMule(), (amt / k) * 0.96); }
    else { for (let i = 0; i < k; i++) add(at(i), members[i], hub, 9000 + r() * 990, 'CASH'); }
  }
  const home = o.country ?? 'US', abroad = home === 'MX' ? 'US' : 'MX';
  if (home !== 'US') for (const x of txs) x.country = home;
  const places = BORDER_PLACES[home] ?? BORDER_PLACES.US!;
  const x0 = o.extra?.fromDay ?? 5;
  const plant = (typology: string) => (t: number, a: string, b: string, x: number, type: string, country: string, currency = 'USD', place?: string) =>
    txs.push({ t, orig_acct: a, bene_acct: b, amount: Math.round(x * 100) / 100, currency, tx_type: type, country, is_laundering: 1, typology, ...(place ? { place } : {}) });
  for (let p = 0; p < (o.extra?.funnel ?? 0); p++) {
    const add = plant('funnel');
    const t0 = start + (x0 + pick(Math.max(1, days - 20 - x0))) * 86400;
    const funnel = newMule(), k = 3 + pick(3);
    const at = places.slice();
    for (let i = 0; i < k; i++) { const j = i + pick(at.length - i); [at[i], at[j]] = [at[j]!, at[i]!]; }
    let sum = 0;
    for (let i = 0; i < k; i++) { const x = 2000 + r() * 5000; sum += x; add(t0 + i * 86400 * (0.5 + r()), `A${pick(N)}`, funnel, x, 'CASH', home, 'USD', at[i]); }
    add(t0 + (k + 1) * 86400, funnel, `X${p}`, sum * (0.8 + 0.15 * r()), 'WIRE', abroad);
  }
  for (let p = 0; p < (o.extra?.mirror ?? 0); p++) {
    const add = plant('mirror_trade');
    const t0 = start + (x0 + pick(Math.max(1, days - 20 - x0))) * 86400;
    const a = `A${pick(N)}`, b = newMule(), usd = 20_000 + r() * 180_000;
    add(t0, a, b, usd, 'TRANSFER', 'US', 'USD');
    add(t0 + 86400 * (1 + pick(4)), b, a, usd * (o.extra?.mxnPerUsd ?? MXN_PER_USD) * (1 + (r() - 0.5) * 0.01), 'TRANSFER', 'MX', 'MXN');
  }
  txs.sort((a, b) => a.t - b.t);
  return txs.map((x, i) => ({ tran_id: String(i + 1), timestamp: new Date(Math.floor(x.t) * 1000).toISOString().replace('.000Z', 'Z'), orig_acct: x.orig_acct, bene_acct: x.bene_acct, amount: x.amount, currency: x.currency, tx_type: x.tx_type, country: x.country, is_laundering: x.is_laundering, typology: x.typology, ...(x.place ? { place: x.place } : {}) }));
}

/** The generic CSV (packages/node/src/sources/aml-csv) of a generated world; labels optional. */
export function amlWorldCsv(txs: GeneratedTx[], labels = true): string {
  const places = txs.some((x) => x.place); // the place column only when a pattern has places (older files stay as they were)
  const head = ['tran_id', 'timestamp', 'orig_acct', 'bene_acct', 'amount', 'currency', 'tx_type', 'country', ...(places ? ['place'] : []), ...(labels ? ['is_laundering', 'typology'] : [])];
  const lines = [head.join(',')];
  for (const x of txs) {
    const row = [x.tran_id, x.timestamp, x.orig_acct, x.bene_acct, String(x.amount), x.currency, x.tx_type, x.country, ...(places ? [x.place ?? ''] : [])];
    if (labels) row.push(String(x.is_laundering), x.typology);
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
