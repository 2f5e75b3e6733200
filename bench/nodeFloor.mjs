/**
 * The floor of a cold scan in plain Node on this machine, for `npm run bench` to print beside the
 * real thing: two threads (this one and a worker) take the corpus's files in turn, read each whole,
 * find the lines with the same markers the parsers use, and JSON.parse them. Nothing is counted,
 * deduplicated, cached or reported, so no scanner that JSON.parses these lines can be faster; the
 * gap between this and Token Tier's cold scan is what the engine itself costs. Prints the number of
 * parsed lines.
 * With `--count` it also counts, as leanly as I could write it: each thread keeps one number per
 * response (Claude Code: the largest copy of a message id and request id; Codex: each cumulative
 * total of a session once, as a delta) in typed arrays under a 53-bit hash, then one merge sums the
 * days. No models, costs, slots, cache or report, and no rule beyond those two (no fork, resume or
 * sidechain handling, which this corpus's totals happen not to need): roughly where an exact counter that
 * JSON.parses these lines bottoms out. Prints the total too, for the bench to check against ccusage.
 * Usage: HOME=<corpus> node bench/nodeFloor.mjs [--count]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

const MARKERS = {
  claude: [Buffer.from('"usage"')],
  codex: ['"token_count"', '"turn_context"', '"session_meta"'].map((m) => Buffer.from(m)),
};

const COUNT = process.argv.includes('--count');

function hash53(str) {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x200000 + (b >>> 11);
}
const count = (v) => (typeof v === 'number' && v >= 0 ? v : 0);

function grown(a) {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** One number per response under its key: the largest copy, or (`once`) the first. */
class Responses {
  index = new Map();
  totals = new Float64Array(1 << 16);
  days = new Float64Array(1 << 16);
  put(key, total, day, once) {
    const i = this.index.get(key);
    if (i === undefined) {
      const j = this.index.size;
      if (j === this.totals.length) {
        this.totals = grown(this.totals);
        this.days = grown(this.days);
      }
      this.index.set(key, j);
      this.totals[j] = total;
      this.days[j] = day;
    } else if (!once && this.totals[i] < total) {
      this.totals[i] = total;
      this.days[i] = day;
    }
  }
}

const dayOf = (o) => Math.floor(Date.parse(o.timestamp) / 86_400_000);

function countLine(o, kind, file, seen) {
  if (kind === 'claude') {
    const u = o.message?.usage;
    if (u && o.message.model !== '<synthetic>') seen.put(hash53(o.message.id) + hash53(o.requestId ?? '') * 3, count(u.input_tokens) + count(u.output_tokens) + count(u.cache_creation_input_tokens) + count(u.cache_read_input_tokens), dayOf(o), false);
    return;
  }
  const p = o.payload;
  if (o.type === 'session_meta') file.session ||= p.id;
  const u = p?.type === 'token_count' ? p.info?.total_token_usage : undefined;
  if (!u) return;
  const totals = [count(u.input_tokens), count(u.output_tokens), count(u.reasoning_output_tokens)];
  const delta = file.prev ? totals.map((v, i) => v - file.prev[i]) : totals;
  file.prev = totals;
  seen.put(hash53(file.session) * 7 + totals[0] * 31 + totals[1] * 17 + totals[2], delta[0] + delta[1], dayOf(o), true);
}

function parseFiles(files, tickets) {
  let parsed = 0;
  const seen = new Responses();
  for (let k = Atomics.add(tickets, 0, 1); k < files.length; k = Atomics.add(tickets, 0, 1)) {
    const [file, kind] = files[k];
    const buf = fs.readFileSync(file);
    const markers = MARKERS[kind];
    const state = { session: '', prev: null };
    for (let s = 0; s < buf.length; ) {
      let nl = buf.indexOf(10, s);
      if (nl < 0) nl = buf.length;
      // A per-line search: simpler than the engine's per-chunk one, and no slower on these lines.
      const line = buf.subarray(s, nl);
      if (markers.some((m) => line.indexOf(m) >= 0)) {
        const o = JSON.parse(buf.toString('utf8', s, nl));
        if (COUNT) countLine(o, kind, state, seen);
        parsed++;
      }
      s = nl + 1;
    }
  }
  const n = seen.index.size;
  return { parsed, keys: [...seen.index.keys()], totals: seen.totals.subarray(0, n), days: seen.days.subarray(0, n) };
}

/** Both threads' responses: a key both saw keeps its larger copy (for Codex both are the same). */
function merge(a, b) {
  const at = new Map(a.keys.map((k, i) => [k, i]));
  const byDay = new Map();
  const add = (day, t) => byDay.set(day, (byDay.get(day) ?? 0) + t);
  b.keys.forEach((k, j) => {
    const i = at.get(k);
    if (i === undefined) add(b.days[j], b.totals[j]);
    else if (b.totals[j] > a.totals[i]) [a.totals[i], a.days[i]] = [b.totals[j], b.days[j]];
  });
  a.totals.forEach((t, i) => add(a.days[i], t));
  return [...byDay.values()].reduce((x, y) => x + y, 0);
}

function walk(dir, kind, out) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, kind, out);
    else if (e.name.endsWith('.jsonl')) {
      fs.statSync(full);
      out.push([full, kind]);
    }
  }
}

if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url), { argv: process.argv.slice(2) });
  const home = process.env.HOME ?? '.';
  const files = [];
  walk(path.join(home, '.claude', 'projects'), 'claude', files);
  walk(path.join(home, '.codex', 'sessions'), 'codex', files);
  walk(path.join(home, '.codex', 'archived_sessions'), 'codex', files);
  const tickets = new Int32Array(new SharedArrayBuffer(4));
  worker.postMessage({ files, tickets });
  const mine = parseFiles(files, tickets);
  worker.once('message', (theirs) => {
    const total = COUNT ? merge(mine, theirs) : undefined;
    console.log(JSON.stringify({ files: files.length, parsed: mine.parsed + theirs.parsed, total }));
    void worker.terminate();
  });
} else {
  parentPort.once('message', ({ files, tickets }) => parentPort.postMessage(parseFiles(files, tickets)));
}
