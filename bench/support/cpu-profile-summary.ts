/**
 * Where a `.cpuprofile` (from `node --cpu-prof`) spends its time: self and inclusive time by
 * area (a project file, an npm package, a node: module, GC, idle) and the hottest functions.
 *
 *   node bench/support/cpu-profile-summary.ts <file.cpuprofile> [--top 25] [--skip-ms 0]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** The parts of V8's CPU profile format used here. */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  /** Microseconds since the previous sample. */
  timeDeltas?: number[];
}

export interface ProfileEntry {
  name: string;
  /** Time in this area or function itself. */
  selfMs: number;
  /** Time with it anywhere on the stack. */
  totalMs: number;
}

export interface ProfileSummary {
  /** Sampled time, idle included. */
  sampledMs: number;
  idleMs: number;
  byArea: ProfileEntry[];
  byFunction: ProfileEntry[];
}

const PSEUDO_FRAMES = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** A package name, a path relative to `projectRoot`, a node: module, or a V8 pseudo-frame. */
export function areaOf(frame: CallFrame, projectRoot: string): string {
  if (PSEUDO_FRAMES.has(frame.functionName)) return frame.functionName;
  const url = frame.url;
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return url;
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = file.lastIndexOf(marker);
  if (at >= 0) {
    const [scope = '', name = ''] = file.slice(at + marker.length).split(path.sep);
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const relative = path.relative(projectRoot, file);
  return relative.startsWith('..') ? file : relative;
}

function functionKey(frame: CallFrame, area: string): string {
  if (PSEUDO_FRAMES.has(frame.functionName)) return frame.functionName;
  return `${frame.functionName || '(anonymous)'}  ${area}:${frame.lineNumber + 1}`;
}

function ranked(self: Map<string, number>, total: Map<string, number>): ProfileEntry[] {
  return [...total.entries()]
    .map(([name, totalUs]) => ({ name, selfMs: (self.get(name) ?? 0) / 1000, totalMs: totalUs / 1000 }))
    .sort((a, b) => b.selfMs - a.selfMs || b.totalMs - a.totalMs);
}

/** `skipMs`: samples in the profile's first `skipMs` (e.g. start-up and warm-up) are left out. */
export function summarizeCpuProfile(profile: CpuProfile, projectRoot: string, skipMs = 0): ProfileSummary {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }

  const areaSelf = new Map<string, number>();
  const areaTotal = new Map<string, number>();
  const functionSelf = new Map<string, number>();
  const functionTotal = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);

  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let elapsedUs = 0;
  let sampledUs = 0;
  let idleUs = 0;
  samples.forEach((id, index) => {
    // A sample's delta is the time since the previous one; attribute it to this stack.
    const us = Math.max(0, deltas[index] ?? 0);
    elapsedUs += us;
    if (elapsedUs < skipMs * 1000) return;
    sampledUs += us;
    const leaf = byId.get(id);
    if (!leaf) return;
    if (leaf.callFrame.functionName === '(idle)') idleUs += us;
    const leafArea = areaOf(leaf.callFrame, projectRoot);
    add(areaSelf, leafArea, us);
    add(functionSelf, functionKey(leaf.callFrame, leafArea), us);
    const areas = new Set<string>();
    const functions = new Set<string>();
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) {
      if (node.callFrame.functionName === '(root)') break;
      const area = areaOf(node.callFrame, projectRoot);
      areas.add(area);
      functions.add(functionKey(node.callFrame, area));
    }
    for (const area of areas) add(areaTotal, area, us);
    for (const key of functions) add(functionTotal, key, us);
  });

  return {
    sampledMs: sampledUs / 1000,
    idleMs: idleUs / 1000,
    byArea: ranked(areaSelf, areaTotal),
    byFunction: ranked(functionSelf, functionTotal),
  };
}

/** The summary as text: the `top` areas and functions by self time. */
export function formatProfileSummary(summary: ProfileSummary, top = 25): string {
  const busyMs = summary.sampledMs - summary.idleMs;
  const pct = (ms: number) => (busyMs > 0 ? `${((ms / busyMs) * 100).toFixed(1)}%` : '-');
  const row = (entry: ProfileEntry) =>
    `${entry.selfMs.toFixed(0).padStart(7)} ms ${pct(entry.selfMs).padStart(6)}  ${entry.totalMs.toFixed(0).padStart(7)} ms ${pct(entry.totalMs).padStart(6)}  ${entry.name}`;
  const header = '   self           inclusive        (% of non-idle time)';
  const busy = (entry: ProfileEntry) => entry.name !== '(idle)';
  return [
    `sampled ${summary.sampledMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms, busy ${busyMs.toFixed(0)} ms`,
    '',
    'By area',
    header,
    ...summary.byArea.filter(busy).slice(0, top).map(row),
    '',
    'By function',
    header,
    ...summary.byFunction.filter(busy).slice(0, top).map(row),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, 'skip-ms': { type: 'string', default: '0' } },
  });
  const [file] = positionals;
  if (!file) {
    console.error('usage: node bench/support/cpu-profile-summary.ts <file.cpuprofile> [--top 25] [--skip-ms 0]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const projectRoot = path.resolve(import.meta.dirname, '../..');
  console.log(formatProfileSummary(summarizeCpuProfile(profile, projectRoot, Number(values['skip-ms'])), Number(values.top)));
}
