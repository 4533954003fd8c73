// `node bench/lib/cpu-profile-summary.ts <file.cpuprofile> [top]`: where a V8 CPU profile of
// next-server (BENCH_PROFILE=1) spent its time. Frames in .next's bundled chunks are mapped back
// to their source module through the chunk's source map, then grouped by package (or src/ file):
// self time says what burns CPU, inclusive time what our code causes.
// Read it right after the run: the next build replaces the chunks and their maps.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

const [file, topArg, skipArg, untilArg] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/lib/cpu-profile-summary.ts <file.cpuprofile> [top] [from-ms] [until-ms]');
const top = Number(topArg ?? 25);
/** Leaves out the first samples (start-up, module loading) to look at steady load only. */
const skipMs = Number(skipArg ?? 0);
/** …and the samples after this point (the bench's steps print when each scenario starts). */
const untilMs = Number(untilArg ?? Infinity);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Per generated line: [generated column, source index] segments, sorted by column. */
function decodeMappings(mappings: string): Array<Array<[number, number]>> {
  const lines: Array<Array<[number, number]>> = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments: Array<[number, number]> = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0]!;
      if (values.length > 1) source += values[1]!;
      segments.push([column, source]);
    }
    lines.push(segments);
  }
  return lines;
}

interface Section {
  line: number;
  column: number;
  sources: string[];
  lines: Array<Array<[number, number]>>;
}
type RawMap = { sources: string[]; mappings: string; sections?: Array<{ offset: { line: number; column: number }; map: RawMap }> };

const maps = new Map<string, Section[]>();
function sections(map: RawMap, line = 0, column = 0): Section[] {
  if (map.sections) return map.sections.flatMap((s) => sections(s.map, line + s.offset.line, s.offset.column));
  return [{ line, column, sources: map.sources.map(decodeURIComponent), lines: decodeMappings(map.mappings) }];
}

function sourceOf(url: string, line: number, column: number): string | undefined {
  // Build folders: .next, or .next-runs/<run>/ (tests and the bench build into their own).
  if (!url.startsWith('file://') || !/\/\.next(-runs\/[^/]+)?\//.test(url)) return undefined;
  if (!maps.has(url)) {
    const mapFile = `${fileURLToPath(url)}.map`;
    maps.set(url, existsSync(mapFile) ? sections(JSON.parse(readFileSync(mapFile, 'utf8')) as RawMap) : []);
  }
  // The last section starting at or before the position (index maps: one per module).
  const section = maps.get(url)!.filter((s) => s.line < line || (s.line === line && s.column <= column)).at(-1);
  const segments = section?.lines[line - section.line];
  if (!section || !segments) return undefined;
  const col = line === section.line ? column - section.column : column;
  let found: number | undefined;
  for (const [c, src] of segments) {
    if (c > col) break;
    found = src;
  }
  return found === undefined ? undefined : section.sources[found];
}

/** A package name for node_modules paths, the path for our own files, the chunk otherwise. */
function place(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return `(${frame.functionName || 'native'})`;
  const path = sourceOf(frame.url, frame.lineNumber, frame.columnNumber) ?? frame.url;
  const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  const own = path.match(/\/?((?:src|local|tests)\/.*|middleware\.ts)$/);
  if (own) return own[1]!;
  return path.replace(/^file:\/\//, '').replace(/^.*\/(\.next(-runs\/[^/]+)?)\//, '$1/');
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<string, number>();
const selfByFunction = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
let idle = 0;
let elapsed = 0;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  elapsed += ms;
  if (elapsed < skipMs || elapsed > untilMs) return;
  total += ms;
  const frame = byId.get(id)!.callFrame;
  if (frame.functionName === '(idle)') {
    idle += ms;
    return;
  }
  self.set(place(frame), (self.get(place(frame)) ?? 0) + ms);
  const fn = `${frame.functionName || '(anonymous)'}  ${place(frame)}`;
  selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + ms);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(place(byId.get(at)!.callFrame));
  for (const p of seen) inclusive.set(p, (inclusive.get(p) ?? 0) + ms);
});
const busy = total - idle;

const print = (title: string, m: Map<string, number>, filter: (k: string) => boolean = () => true) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${v.toFixed(0).padStart(8)} ms ${((v / busy) * 100).toFixed(1).padStart(5)} % of busy  ${k}`);
  }
};
console.log(`sampled ${total.toFixed(0)} ms, of which idle ${idle.toFixed(0)} ms; busy ${busy.toFixed(0)} ms`);
print('self time by package / file', self);
print('self time by function', selfByFunction);
print('inclusive time of our own code (src/, middleware.ts)', inclusive, (k) => k.startsWith('src/') || k === 'middleware.ts');
