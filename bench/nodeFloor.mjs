/**
 * The floor of a cold scan in plain Node on this machine, for `npm run bench` to print beside the
 * real thing: two threads (this one and a worker) take the corpus's files in turn, read each whole,
 * find the lines with the same markers the parsers use, and JSON.parse them. Nothing is counted,
 * deduplicated, cached or reported, so no scanner that JSON.parses these lines can be faster; the
 * gap between this and Token Tier's cold scan is what the engine itself costs. Prints the number of
 * parsed lines.
 * Usage: HOME=<corpus> node bench/nodeFloor.mjs
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

const MARKERS = {
  claude: [Buffer.from('"usage"')],
  codex: ['"token_count"', '"turn_context"', '"session_meta"'].map((m) => Buffer.from(m)),
};

function parseFiles(files, tickets) {
  let parsed = 0;
  for (let k = Atomics.add(tickets, 0, 1); k < files.length; k = Atomics.add(tickets, 0, 1)) {
    const [file, kind] = files[k];
    const buf = fs.readFileSync(file);
    const markers = MARKERS[kind];
    for (let s = 0; s < buf.length; ) {
      let nl = buf.indexOf(10, s);
      if (nl < 0) nl = buf.length;
      // A per-line search: simpler than the engine's per-chunk one, and no slower on these lines.
      const line = buf.subarray(s, nl);
      if (markers.some((m) => line.indexOf(m) >= 0)) {
        JSON.parse(buf.toString('utf8', s, nl));
        parsed++;
      }
      s = nl + 1;
    }
  }
  return parsed;
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
  const worker = new Worker(new URL(import.meta.url));
  const home = process.env.HOME ?? '.';
  const files = [];
  walk(path.join(home, '.claude', 'projects'), 'claude', files);
  walk(path.join(home, '.codex', 'sessions'), 'codex', files);
  walk(path.join(home, '.codex', 'archived_sessions'), 'codex', files);
  const tickets = new Int32Array(new SharedArrayBuffer(4));
  worker.postMessage({ files, tickets });
  const mine = parseFiles(files, tickets);
  worker.once('message', (theirs) => {
    console.log(JSON.stringify({ files: files.length, parsed: mine + theirs }));
    void worker.terminate();
  });
} else {
  parentPort.once('message', ({ files, tickets }) => parentPort.postMessage(parseFiles(files, tickets)));
}
