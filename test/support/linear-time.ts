/**
 * "Runs in linear time", measured rather than timed: the input is also built at a quarter of its size
 * and run just before, and four times the text may cost at most ten times as long (linear: ~4×; the
 * quadratic patterns this guards against: 16×, seconds to minutes at 1 MB). A ratio to a baseline
 * measured in the same moment holds on a shared, loaded machine, where a fixed budget does not. 250 ms
 * on top absorb a collection or scheduling on a loaded machine (a rule measured at 3 ms per MB took 76 ms
 * three times in a row under load 10); a quadratic rule costs seconds at a quarter already. A GC or
 * a neighbour's burst can land in one run (CI once saw 39 ms at 250 KB, then 450 ms at 1 MB), so the
 * best of up to three runs of each size is compared; a quadratic rule is 16× on every run and still fails.
 */
const SLACK_MS = 250;

const timed = (fn: () => unknown): number => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

/** The full-size run's best time, the limit it must stay under, and both times for the failure message. */
export interface Growth {
  ms: number;
  limit: number;
  report: string;
}

/** Measures `fn` on `quarter`, then on `full`, up to three times while the full run is over the limit. */
export function growth(fn: (t: string) => unknown, quarter: string, full: string, what: string): Growth {
  let small = Infinity;
  let big = Infinity;
  for (let attempt = 0; attempt < 3 && !(big < 10 * small + SLACK_MS); attempt++) {
    small = Math.min(small, timed(() => fn(quarter)));
    big = Math.min(big, timed(() => fn(full)));
  }
  return { ms: big, limit: 10 * small + SLACK_MS, report: `${what}: ${big.toFixed(0)} ms at full size, ${small.toFixed(0)} ms at a quarter` };
}
