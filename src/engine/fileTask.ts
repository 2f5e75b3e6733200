import * as fs from 'node:fs';
import type { AgentId } from '../shared/tokens';
import type { UsageEvent } from '../sources/source';
import { sourceById } from '../sources/registry';
import { readLines } from './lineReader';
import type { FileCursor } from './store';

/** One file to read from its cursor (or from the start): the unit of work of a scan. */
export interface FileTask {
  path: string;
  agent: AgentId;
  size: number;
  mtimeMs: number;
  cursor?: FileCursor;
}

/**
 * What reading a file produced, compact enough to cross a thread boundary cheaply: events as
 * numbers in a transferable Float64Array, their strings in a table.
 */
export interface FileTaskResult {
  path: string;
  cursor: FileCursor;
  nums: Float64Array;
  strings: string[];
  skipped: Record<string, number>;
  bytesRead: number;
}

const FIELDS = 11;
const HAS_DEDUP = 1;
const SIDECHAIN = 2;
const FIRST_WINS = 4;
const TAIL_BYTES = 32;

/** Reads one file's new lines and parses them; dedup and the ledger are the caller's. */
export function runFileTask(task: FileTask): FileTaskResult {
  const source = sourceById(task.agent);
  const fd = fs.openSync(task.path, 'r');
  try {
    const c = task.cursor;
    const resume = c !== undefined && c.agent === task.agent && canResume(fd, task.size, c);
    const parser = source.newParser(resume ? c.state : undefined);
    const nums: number[] = [];
    const strings: string[] = [];
    const index = new Map<string, number>();
    const str = (s: string): number => {
      let i = index.get(s);
      if (i === undefined) index.set(s, (i = strings.push(s) - 1));
      return i;
    };
    const skipped: Record<string, number> = {};
    const emit = (e: UsageEvent): void => {
      const d = e.dedup;
      const flags = d ? HAS_DEDUP | (d.sidechain ? SIDECHAIN : 0) | (d.policy === 'first' ? FIRST_WINS : 0) : 0;
      const k = e.counts;
      nums.push(e.ts, k.input, k.output, k.cacheRead, k.cacheWrite, k.reasoning, str(e.model), str(e.sessionId), d ? str(d.group) : -1, d ? str(d.variant) : -1, flags);
    };
    const result = readLines(fd, resume ? c.offset : 0, task.size, source.markers, (buf, s, e) => {
      const skip = parser.line(buf, s, e, emit);
      if (skip) skipped[skip] = (skipped[skip] ?? 0) + 1;
    });
    if (result.tooLong) skipped['line-too-long'] = (skipped['line-too-long'] ?? 0) + result.tooLong;
    return {
      path: task.path,
      cursor: { agent: task.agent, size: task.size, mtimeMs: task.mtimeMs, offset: result.endOffset, tail: readTail(fd, result.endOffset), state: parser.save() },
      nums: Float64Array.from(nums),
      strings,
      skipped,
      bytesRead: result.bytesRead,
    };
  } finally {
    fs.closeSync(fd);
  }
}

/** The events of a result, in file order. */
export function forEachEvent(r: FileTaskResult, agent: AgentId, fn: (e: UsageEvent) => void): void {
  const { nums: n, strings: s } = r;
  for (let i = 0; i < n.length; i += FIELDS) {
    const flags = n[i + 10]!;
    fn({
      ts: n[i]!,
      agent,
      model: s[n[i + 6]!]!,
      sessionId: s[n[i + 7]!]!,
      counts: { input: n[i + 1]!, output: n[i + 2]!, cacheRead: n[i + 3]!, cacheWrite: n[i + 4]!, reasoning: n[i + 5]! },
      dedup: flags & HAS_DEDUP
        ? { group: s[n[i + 8]!]!, variant: s[n[i + 9]!]!, sidechain: (flags & SIDECHAIN) !== 0, policy: flags & FIRST_WINS ? 'first' : 'max' }
        : undefined,
    });
  }
}

/** Appended, not rewritten: the file is at least as long and the bytes before the cursor are the same. */
function canResume(fd: number, size: number, cursor: FileCursor): boolean {
  return size >= cursor.offset && readTail(fd, cursor.offset) === cursor.tail;
}

function readTail(fd: number, offset: number): string {
  const n = Math.min(TAIL_BYTES, offset);
  const buf = Buffer.alloc(n);
  if (n > 0) fs.readSync(fd, buf, 0, n, offset - n);
  return buf.toString('base64');
}
