/**
 * `npm run bench:profile -- <file.cpuprofile | folder> [--top N]`: the functions with the most
 * self time in a V8 CPU profile (`node --cpu-prof`; `npm run bench -- --only http --cpu-prof DIR`
 * writes one of the server), and the same time by where the code lives (a package, a library of
 * this repo, Node itself), and by the nearest function of this repo on the stack (who asked for
 * the time spent in a package). Percentages are of the busy time: all samples but `(idle)`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const REPO_ROOT = join(__dirname, '..');

function newestProfile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const profiles = readdirSync(path)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(path, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  const [newest] = profiles;
  if (newest === undefined) throw new Error(`No .cpuprofile in ${path}`);
  return newest;
}

/** Self time (ms) of every profile node: each sample's time delta goes to the node it hit. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    const delta = Math.max(0, profile.timeDeltas[index] ?? 0) / 1_000;
    times.set(id, (times.get(id) ?? 0) + delta);
  });
  return times;
}

function where(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  if (path === '') return '';
  if (path.startsWith('node:')) return path;
  const inRepo = relative(REPO_ROOT, path);
  return inRepo.startsWith('..') ? path : inRepo;
}

/** Where a function lives: a package, a library or app of this repo, Node, or V8 itself. */
function areaOf(frame: CallFrame): string {
  const path = where(frame.url);
  if (path === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (path.startsWith('node:')) return 'node: internals';
  const modules = path.lastIndexOf(`node_modules${sep}`);
  if (modules >= 0) {
    const [scope = '', name = ''] = path.slice(modules + 'node_modules/'.length).split(sep);
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const inDist = /^(?:dist\/)?(apps|libs)\/([^/]+)\//.exec(path);
  return inDist === null ? path : `${inDist[1]}/${inDist[2]}`;
}

function isRepoCode(frame: CallFrame): boolean {
  return /^(?:dist\/)?(?:apps|libs)\//.test(where(frame.url));
}

function nameOf(frame: CallFrame): string {
  const location = where(frame.url);
  const name = `\`${frame.functionName || '(anonymous)'}\``;
  return location === '' ? name : `${name} ${location}:${frame.lineNumber + 1}`;
}

/** The nearest frame of this repo at or above each node (undefined: none on the stack). */
function nearestRepoFrames(profile: CpuProfile): Map<number, CallFrame | undefined> {
  const parents = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const nearest = new Map<number, CallFrame | undefined>();
  const find = (id: number): CallFrame | undefined => {
    if (nearest.has(id)) return nearest.get(id);
    const frame = nodes.get(id)?.callFrame;
    const parent = parents.get(id);
    const found =
      frame !== undefined && isRepoCode(frame)
        ? frame
        : parent === undefined
          ? undefined
          : find(parent);
    nearest.set(id, found);
    return found;
  };
  for (const node of profile.nodes) find(node.id);
  return nearest;
}

function table(title: string, entries: [string, number][], busyMs: number, top: number): string[] {
  const lines = [`| ${title} | self ms | % of busy |`, '| --- | ---: | ---: |'];
  for (const [name, ms] of entries.sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`| ${name} | ${ms.toFixed(0)} | ${((ms / busyMs) * 100).toFixed(1)} |`);
  }
  return lines;
}

function main(argv: readonly string[]): void {
  const [target, ...rest] = argv;
  if (target === undefined || target === '--help') {
    console.log('npm run bench:profile -- <file.cpuprofile | folder> [--top N]');
    return;
  }
  const topIndex = rest.indexOf('--top');
  const top = topIndex >= 0 ? Number(rest[topIndex + 1] ?? 15) : 15;
  const file = newestProfile(target);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  const byRepoCaller = new Map<string, number>();
  const nearest = nearestRepoFrames(profile);
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, ms] of selfTimes(profile)) {
    const frame = frames.get(id);
    if (frame === undefined) continue;
    totalMs += ms;
    if (frame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const name = nameOf(frame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    const caller = nearest.get(id);
    const callerName = caller === undefined ? '(no repo code on the stack)' : nameOf(caller);
    byRepoCaller.set(callerName, (byRepoCaller.get(callerName) ?? 0) + ms);
    const area = areaOf(frame);
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
  }
  const busyMs = totalMs - idleMs;
  console.log(`${file}`);
  console.log(
    `${(totalMs / 1_000).toFixed(1)} s sampled, ${(busyMs / 1_000).toFixed(1)} s busy ` +
      `(${((busyMs / Math.max(1, totalMs)) * 100).toFixed(0)} %), ${(idleMs / 1_000).toFixed(1)} s idle\n`,
  );
  console.log(table('function (self time)', [...byFunction], busyMs, top).join('\n'));
  console.log('');
  console.log(table('where the code lives', [...byArea], busyMs, top).join('\n'));
  console.log('');
  console.log(
    table('nearest repo function on the stack', [...byRepoCaller], busyMs, top).join('\n'),
  );
}

main(process.argv.slice(2));
