/** One line of benchmark output (see ../shared/design/targets.md "Output convention"). */
export interface Figure {
  bench: string;
  metric: string;
  value: number;
  baseline?: number;
  ratio?: number;
  target?: string;
  pass?: boolean;
  [detail: string]: unknown;
}

/** A target like ">=0.5" or "<=50", checked against the ratio when there is one, else the value. */
export function checkTarget(target: string, measured: number): boolean {
  const match = /^(>=|<=)\s*([\d.]+)$/.exec(target.trim());
  if (!match) throw new Error(`unreadable target "${target}"`);
  const bound = Number(match[2]);
  return match[1] === '>=' ? measured >= bound : measured <= bound;
}

/** Completes a figure: the ratio to its same-run baseline and whether it meets its target. */
export function figure(input: Omit<Figure, 'ratio' | 'pass'>): Figure {
  const ratio = input.baseline === undefined ? undefined : round(input.value / input.baseline, 3);
  const out: Figure = { ...input, ...(ratio === undefined ? {} : { ratio }) };
  if (input.target !== undefined) out.pass = checkTarget(input.target, ratio ?? input.value);
  return out;
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
