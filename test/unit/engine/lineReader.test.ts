import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLines } from '../../../src/engine/lineReader';

function linesWith(content: string, markers: string[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-lines-'));
  const file = path.join(dir, 'f.jsonl');
  fs.writeFileSync(file, content);
  const fd = fs.openSync(file, 'r');
  try {
    const out: string[] = [];
    readLines(fd, 0, Buffer.byteLength(content), markers.map((m) => Buffer.from(m)), (buf, s, e) => out.push(buf.toString('utf8', s, e)));
    return out;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a long marker is found whole: lines holding only its first bytes do not pass, the whole one later in a line does', () => {
  const lines = ['{"token_usage":1}', '{"type":"token_count"}', '{"token_":2,"x":"token_count"}', '{"a":"token_coun"}', '{"b":"token_count"}'];
  assert.deepEqual(linesWith(lines.join('\n') + '\n', ['"token_count"']), [lines[1], lines[2], lines[4]]);
});

test('a marker whose first bytes repeat just before it is still found', () => {
  const lines = ['{"x":"token_"token_count"}', '{"y":"session"}', '{"z":"sessio"session_meta"}'];
  assert.deepEqual(linesWith(lines.join('\n') + '\n', ['"token_count"', '"session_meta"']), [lines[0], lines[2]]);
});

test('a marker cut by the end of the buffer does not match past the bytes read', () => {
  assert.deepEqual(linesWith('{"a":1}\n{"type":"token_co', ['"token_count"']), []);
});

test('the lines passed on are exactly the complete lines holding a marker, across chunk boundaries (lines up to 1.1 MB, chunks of 128 KiB)', () => {
  let seed = 7;
  const r = (n: number) => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed % n;
  };
  const markers = ['"usage"', '"token_count"', '"session_meta"'];
  for (let round = 0; round < 6; round++) {
    const lines: string[] = [];
    for (let size = 0; size < 3_500_000; ) {
      const filler = 'x'.repeat(r(8) === 0 ? 200_000 + r(900_000) : r(3000));
      const line = r(3) === 0 ? '' : r(2) === 0 ? `{"a":"${filler}",${markers[r(3)]}:1}` : `{"a":"${filler}","token_":"sessio"}`;
      lines.push(line);
      size += line.length + 1;
    }
    // Half the rounds end with a half-written line: it is not passed on.
    const content = lines.join('\n') + (round % 2 ? '\n' : '');
    const complete = round % 2 ? lines : lines.slice(0, -1);
    const want = complete.filter((l) => markers.some((m) => l.includes(m)));
    assert.deepEqual(linesWith(content, markers), want, `round ${round}`);
  }
});
