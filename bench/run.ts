// `npm run bench [name ...]`: runs every benchmark, or the named ones. Each figure is printed as
// one JSON line on stdout; human-readable progress goes to stderr.
import { readdirSync } from 'node:fs';
import type { Figure } from './figure.ts';

interface Bench {
  run(): AsyncIterable<Figure>;
}

const here = new URL('.', import.meta.url);
const available = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .toSorted();
const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}

let failed = 0;
// A name also runs its parts named `<name>-<part>` (`sync` runs sync-client too).
const parts = (name: string) => available.filter((n) => n === name || n.startsWith(`${name}-`));
for (const name of requested.length > 0 ? [...new Set(requested.flatMap(parts))] : available) {
  console.error(`== bench ${name}`);
  const bench = (await import(new URL(`${name}.bench.ts`, here).href)) as Bench;
  for await (const figure of bench.run()) {
    if (figure.pass === false) failed++;
    console.log(JSON.stringify(figure));
  }
}
// A missed target is reported in the JSON, not as a crash: benchmarks inform, tests gate.
if (failed > 0) console.error(`${failed} figure(s) missed their target`);
