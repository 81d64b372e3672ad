/** Evaluation measures for binary alerts (pure). */

/** Average precision (area under the precision–recall curve, step-wise as scikit-learn computes it). Ties are grouped. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let P = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) P++;
  if (P === 0) return NaN;
  let tp = 0, fp = 0, ap = 0, prevRecall = 0;
  for (let k = 0; k < n;) {
    const s = scores[idx[k]];
    while (k < n && scores[idx[k]] === s) { if (labels[idx[k]] === 1) tp++; else fp++; k++; }
    const recall = tp / P;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return ap;
}

export interface Confusion { tp: number; fp: number; fn: number; tn: number; precision: number; recall: number; f1: number }

export function confusion(flags: ArrayLike<number>, labels: ArrayLike<number>): Confusion {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i]) { if (labels[i] === 1) tp++; else fp++; } else if (labels[i] === 1) fn++; else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { tp, fp, fn, tn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** The score threshold (flag = score >= threshold) with the highest F1, midway between distinct scores. */
export function bestF1Threshold(scores: ArrayLike<number>, labels: ArrayLike<number>): { threshold: number; f1: number } {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let P = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) P++;
  if (P === 0) return { threshold: 0.5, f1: 0 };
  let tp = 0, fp = 0, best = -1, thr = 0.5;
  for (let k = 0; k < n;) {
    const s = scores[idx[k]];
    while (k < n && scores[idx[k]] === s) { if (labels[idx[k]] === 1) tp++; else fp++; k++; }
    const f1 = (2 * tp) / (tp + fp + P);
    if (f1 > best) { best = f1; thr = k < n ? (s + scores[idx[k]]) / 2 : s; }
  }
  return { threshold: thr, f1: best };
}

/** Recall when the `budget` highest scores are alerted (ties broken by order). */
export function recallAtBudget(scores: ArrayLike<number>, labels: ArrayLike<number>, budget: number): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let P = 0, tp = 0;
  for (let i = 0; i < scores.length; i++) if (labels[i] === 1) P++;
  for (let k = 0; k < Math.min(budget, idx.length); k++) if (labels[idx[k]] === 1) tp++;
  return P ? tp / P : NaN;
}
