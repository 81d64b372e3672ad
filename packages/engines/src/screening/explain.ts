/**
 * One-line explanation of a hit, for CSV output and logs. Language-neutral: words of the names, role and method
 * codes, numbers. Example:
 *   name 0.909 = 2.00/2.20 [eduardo=eduardo given exact 1.00; gonzalez=gonzalez paternal exact 1.00;
 *   -quirarte maternal 1.00×0.20] · country_match +0.05 → 0.959
 */
import type { HitExplanation } from './types';

const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);

export function formatExplanation(e: HitExplanation): string {
  const n = e.name;
  const parts: string[] = [];
  for (const p of n.pairs) {
    const w = p.weight === 1 ? '' : ` w${f2(p.weight)}`;
    parts.push(`${p.query}=${p.candidate} ${p.role} ${p.method} ${f2(p.sim)}${w}`);
  }
  for (const u of n.unmatched) {
    parts.push(`${u.side === 'query' ? '+' : '-'}${u.part} ${u.role} ${f2(u.weight)}×${f2(u.cost)}`);
  }
  let s = `name ${f3(n.score)}`;
  if (n.shortcut) s += ` (${n.shortcut})`;
  else s += ` = ${f2(n.num)}/${f2(n.den)}`;
  s += ` [${parts.join('; ')}]`;
  if (e.factor !== 1) s += ` · ${e.nameKind} alias ×${f2(e.factor)}`;
  for (const f of e.features) s += ` · ${f.feature} ${f.weight >= 0 ? '+' : ''}${f2(f.weight)}${f.detail ? ` (${f.detail})` : ''}`;
  s += ` → ${f3(e.score)}`;
  return s;
}
