/** What a benchmark measured; `figure()` completes it into one line of output. */
export interface Measurement {
  bench: string;
  metric: string;
  value: number;
  /** The same quantity measured on the baseline in the same run, on the same data. */
  baseline?: number;
  /** As written in ../shared/design/targets.md, e.g. ">=0.5"; checked against the ratio if any. */
  target?: string;
  /** Conditions worth printing beside the figure (rows, rounds, ...). */
  details?: Record<string, string | number>;
}

/** One line of benchmark output (see ../shared/design/targets.md "Output convention"). */
export type Figure = Omit<Measurement, 'details'> & {
  ratio?: number;
  pass?: boolean;
  [detail: string]: unknown;
};

export function checkTarget(target: string, measured: number): boolean {
  const match = /^(>=|<=)\s*([\d.]+)$/.exec(target.trim());
  if (!match) throw new Error(`unreadable target "${target}"`);
  const bound = Number(match[2]);
  return match[1] === '>=' ? measured >= bound : measured <= bound;
}

/** Completes a figure: the ratio to its same-run baseline and whether it meets its target. */
export function figure({ details, ...input }: Measurement): Figure {
  const ratio = input.baseline === undefined ? undefined : round(input.value / input.baseline, 3);
  const out: Figure = { ...input, ...details };
  if (ratio !== undefined) out.ratio = ratio;
  if (input.target !== undefined) out.pass = checkTarget(input.target, ratio ?? input.value);
  return out;
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
