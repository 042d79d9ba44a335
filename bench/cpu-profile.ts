// Summarizes a V8 .cpuprofile (node --cpu-prof): self time per function, top frames first.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface Frame {
  readonly frame: string;
  readonly selfPercent: number;
}

/**
 * Top frames by self time, counting only samples between `fromMs` and `toMs` before the profile's end
 * (one load phase; start-up and other phases excluded).
 */
export function topFrames(file: string, root: string, window: { fromMs: number; toMs: number }, count = 15): Frame[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[]; endTime: number; startTime: number };
  const hits = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const from = profile.endTime - window.fromMs * 1000;
  const to = profile.endTime - window.toMs * 1000;
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    const id = samples[i] as number;
    if (at >= from && at <= to) hits.set(id, (hits.get(id) ?? 0) + 1);
  }
  const byFrame = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? 0;
    if (n === 0) continue;
    total += n;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.startsWith('file://') ? relative(root, url.slice(7)) : url}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    byFrame.set(key, (byFrame.get(key) ?? 0) + n);
  }
  return [...byFrame.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, n]) => ({ frame, selfPercent: (100 * n) / Math.max(1, total) }));
}

/**
 * The share (percent) of the samples between `fromMs` and `toMs` before the profile's end whose own
 * frame is in a file `inScope` accepts (its path relative to `root`, or the url as V8 gives it).
 */
export function selfShare(file: string, root: string, window: { fromMs: number; toMs: number }, inScope: (path: string) => boolean): number {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[]; endTime: number; startTime: number };
  const scoped = new Set(profile.nodes.filter((n) => n.callFrame.url !== '' && inScope(n.callFrame.url.startsWith('file://') ? relative(root, n.callFrame.url.slice(7)) : n.callFrame.url)).map((n) => n.id));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const from = profile.endTime - window.fromMs * 1000;
  const to = profile.endTime - window.toMs * 1000;
  let at = profile.startTime;
  let total = 0;
  let inside = 0;
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    if (at < from || at > to) continue;
    total += 1;
    if (scoped.has(samples[i] as number)) inside += 1;
  }
  return (100 * inside) / Math.max(1, total);
}
