/** Command-line options of `npm run bench`. */
export interface BenchArgs {
  /** ~1 minute instead of ~5: shorter phases, a tenth of the CRM data, fewer RSS messages. */
  quick: boolean;
  /** CRM data scale: 1 = 100 k relationships and 1 M events. */
  scale: number;
  /** Run only these benchmarks (names as in ALL_BENCHES). */
  only: string[] | null;
  /** Write docs/benchmarks.md: by default only after a full run (--docs forces, --no-docs skips). */
  docs: boolean;
  /** Run the in-process statement profile of the webhook path (default on; --no-profile skips). */
  profile: boolean;
  /** Run the ack-only design probe in the webhook benchmark (default on; --no-probe skips). */
  probe: boolean;
}

/** `pgboss` runs the no-op drain and the pipeline; `pipeline` only the pipeline (with its no-op chain). */
export const ALL_BENCHES = ['webhook', 'crm', 'rss', 'pgboss', 'imap', 'fairness', 'pipeline'] as const;
export type BenchName = (typeof ALL_BENCHES)[number];

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { quick: false, scale: NaN, only: null, docs: true, profile: true, probe: true };
  let docs: boolean | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--quick') args.quick = true;
    else if (flag === '--scale') {
      const n = Number(value());
      if (!(n > 0 && n <= 10)) throw new Error('--scale must be a number in (0, 10]');
      args.scale = n;
    } else if (flag === '--only') {
      const names = value().split(',').map((s) => s.trim()).filter(Boolean);
      for (const n of names) if (!(ALL_BENCHES as readonly string[]).includes(n)) throw new Error(`--only: unknown benchmark ${n} (known: ${ALL_BENCHES.join(', ')})`);
      args.only = names;
    } else if (flag === '--no-docs') docs = false;
    else if (flag === '--docs') docs = true;
    else if (flag === '--no-profile') args.profile = false;
    else if (flag === '--no-probe') args.probe = false;
    else if (flag === '--help' || flag === '-h') {
      console.log(`npm run bench -- [--quick] [--scale N] [--only ${ALL_BENCHES.join(',')}] [--docs|--no-docs] [--no-profile] [--no-probe]`);
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (Number.isNaN(args.scale)) args.scale = args.quick ? 0.1 : 1;
  args.docs = docs ?? !args.quick;
  return args;
}

export function wants(args: BenchArgs, name: BenchName): boolean {
  return args.only === null || args.only.includes(name);
}
