import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';

/**
 * The listing's pictures (#25): every screenshot the README shows is committed, a real PNG of a
 * plausible size, and made by `npm run screenshots` — which writes exactly these files.
 */
const MADE = ['badge.png', 'cli-daily.png', 'dashboard.png', 'panel-dark.png', 'panel-light.png'];

function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  assert.equal(b.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${file} is a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

test('every screenshot the README shows is committed, and npm run screenshots makes each of them', () => {
  const readme = fs.readFileSync('README.md', 'utf8');
  const shown = [...new Set([...readme.matchAll(/media\/screenshots\/([\w.-]+)/g)].map((m) => m[1]!))].sort();
  assert.deepEqual(shown, MADE);
  const script = fs.readdirSync('scripts/screenshots').map((f) => fs.readFileSync(`scripts/screenshots/${f}`, 'utf8')).join('\n');
  for (const name of MADE) {
    assert.ok(script.includes(`'${name}'`), `scripts/screenshots/ writes ${name}`);
    const { width, height } = pngSize(`media/screenshots/${name}`);
    assert.ok(width >= 200 && height >= 150 && width <= 3000 && height <= 3000, `${name} is ${width}×${height}`);
  }
  // The sidebar pictures are VS Code's default 300 px sidebar.
  for (const name of ['panel-dark.png', 'panel-light.png']) assert.equal(pngSize(`media/screenshots/${name}`).width, 300, name);
});
