/**
 * The typed in-memory transaction table the AML engine consumes. One row per transaction, columns as typed
 * arrays (account indices, amounts, seconds since the epoch, interned codes), filled by the importers in
 * packages/node/src/sources/{amlsim,amlworld,aml-csv} and by the demo generator. A few tens of bytes per row:
 * millions of rows fit; the raw file is never held.
 */

/** Missing label. */
export const NO_LABEL = -1;

export interface TxTable {
  size: number;
  /** Transaction ids as written in the source (output keys). */
  ids: string[];
  /** Sender / receiver account indices into `accounts`. */
  orig: Int32Array;
  bene: Int32Array;
  /** Amount in the transaction's currency (AMLworld: amount paid). */
  amount: Float64Array;
  /** Amount received (AMLworld), else = amount. */
  amountReceived: Float64Array;
  /** Seconds since 1970-01-01T00:00:00Z (UTC). */
  time: Float64Array;
  /** Index into `currencies` (payment currency) and into `currencies` for the received currency. */
  currency: Int32Array;
  currencyReceived: Int32Array;
  /** Index into `types` (tx_type / payment format). */
  type: Int32Array;
  /** Index into `places` (country or country:place of the transaction), -1 when unknown. */
  place: Int32Array;
  /** 1 laundering, 0 clean, -1 unknown (not read, or not present). */
  label: Int8Array;
  /** Typology name index into `typologies` when the source gives it, else -1. */
  typology: Int32Array;
  accounts: string[];
  /** Per account (same index as `accounts`): bank code index into `banks`, -1 unknown. */
  accountBank: Int32Array;
  banks: string[];
  currencies: string[];
  types: string[];
  places: string[];
  typologies: string[];
}

/** Interns strings to dense indices. */
export class Interner {
  readonly list: string[] = [];
  private readonly map = new Map<string, number>();
  constructor(initial: string[] = []) { for (const s of initial) this.get(s); }
  get(s: string): number {
    let i = this.map.get(s);
    if (i === undefined) { i = this.list.length; this.list.push(s); this.map.set(s, i); }
    return i;
  }
  find(s: string): number | undefined { return this.map.get(s); }
}

function grow<T extends Int32Array | Float64Array | Int8Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

export interface TxRow {
  id: string; orig: string; bene: string; amount: number; amountReceived?: number; time: number;
  currency?: string; currencyReceived?: string; type?: string; place?: string; label?: number; typology?: string;
}

/** Appends rows one at a time (streaming importers), then `finish()` gives the table. */
export class TxTableBuilder {
  private n = 0;
  private ids: string[] = [];
  private orig = new Int32Array(1024);
  private bene = new Int32Array(1024);
  private amount = new Float64Array(1024);
  private amountReceived = new Float64Array(1024);
  private time = new Float64Array(1024);
  private currency = new Int32Array(1024);
  private currencyReceived = new Int32Array(1024);
  private type = new Int32Array(1024);
  private place = new Int32Array(1024);
  private label = new Int8Array(1024);
  private typology = new Int32Array(1024);
  readonly accounts: Interner;
  readonly banks = new Interner();
  readonly currencies = new Interner();
  readonly types = new Interner();
  readonly places = new Interner();
  readonly typologies = new Interner();
  private bankOf = new Map<number, number>();

  /** accounts: intern these first, in this order (the account list of a saved scoring state). */
  constructor(opts: { accounts?: readonly string[] } = {}) {
    this.accounts = new Interner(opts.accounts ? [...opts.accounts] : []);
  }

  get size(): number { return this.n; }

  /** Records an account's bank (accounts.csv, AMLworld's bank columns). */
  setBank(account: string, bank: string): void {
    this.bankOf.set(this.accounts.get(account), this.banks.get(bank));
  }

  add(r: TxRow): void {
    const i = this.n;
    if (i >= this.orig.length) {
      const m = i + 1;
      this.orig = grow(this.orig, m); this.bene = grow(this.bene, m); this.amount = grow(this.amount, m);
      this.amountReceived = grow(this.amountReceived, m); this.time = grow(this.time, m);
      this.currency = grow(this.currency, m); this.currencyReceived = grow(this.currencyReceived, m);
      this.type = grow(this.type, m); this.place = grow(this.place, m); this.label = grow(this.label, m);
      this.typology = grow(this.typology, m);
    }
    this.ids.push(r.id);
    this.orig[i] = this.accounts.get(r.orig);
    this.bene[i] = this.accounts.get(r.bene);
    this.amount[i] = r.amount;
    this.amountReceived[i] = r.amountReceived ?? r.amount;
    this.time[i] = r.time;
    const cur = this.currencies.get(r.currency ?? '');
    this.currency[i] = cur;
    this.currencyReceived[i] = r.currencyReceived === undefined ? cur : this.currencies.get(r.currencyReceived);
    this.type[i] = this.types.get(r.type ?? '');
    this.place[i] = r.place ? this.places.get(r.place) : -1;
    this.label[i] = r.label ?? NO_LABEL;
    this.typology[i] = r.typology ? this.typologies.get(r.typology) : -1;
    this.n++;
  }

  finish(): TxTable {
    const n = this.n;
    const accountBank = new Int32Array(this.accounts.list.length).fill(-1);
    for (const [a, b] of this.bankOf) accountBank[a] = b;
    return {
      size: n, ids: this.ids,
      orig: this.orig.slice(0, n), bene: this.bene.slice(0, n), amount: this.amount.slice(0, n),
      amountReceived: this.amountReceived.slice(0, n), time: this.time.slice(0, n),
      currency: this.currency.slice(0, n), currencyReceived: this.currencyReceived.slice(0, n),
      type: this.type.slice(0, n), place: this.place.slice(0, n), label: this.label.slice(0, n),
      typology: this.typology.slice(0, n),
      accounts: this.accounts.list, accountBank, banks: this.banks.list, currencies: this.currencies.list,
      types: this.types.list, places: this.places.list, typologies: this.typologies.list,
    };
  }
}

export const DAY = 86_400;

/** Row order for processing: by time, ties by numeric id when all ids are numbers, else by input order. */
export function timeOrder(t: TxTable): Uint32Array {
  const n = t.size;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let numeric = true;
  const idNum = new Float64Array(n);
  for (let i = 0; i < n && numeric; i++) {
    const v = Number(t.ids[i]);
    if (t.ids[i] === '' || !Number.isFinite(v)) numeric = false; else idNum[i] = v;
  }
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    const a = i - 1;
    if (t.time[a] > t.time[i] || (t.time[a] === t.time[i] && numeric && idNum[a] > idNum[i])) sorted = false;
  }
  if (sorted) return order;
  const arr = Array.from(order);
  arr.sort((a, b) => (t.time[a] - t.time[b]) || (numeric ? idNum[a] - idNum[b] : 0) || a - b);
  return Uint32Array.from(arr);
}

/** Epoch seconds of a YYYY-MM-DD date (UTC midnight), or NaN. */
export function dateSeconds(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return NaN;
  return ms / 1000;
}
