import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';

/** The Marketplace listing's fields in package.json, and the icon they point at. */
const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const REPO = 'https://github.com/token-tier/token-tier';

/** `categories` VS Code accepts (its extensionsRegistry, as built into VS Code 1.139). */
const CATEGORIES = new Set(['AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Extension Packs', 'Education', 'Formatters', 'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization', 'Other']);

/** Width and height from a PNG's IHDR chunk; throws on anything that is not a PNG. */
function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  assert.deepEqual([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is not a PNG`);
  assert.equal(b.toString('latin1', 12, 16), 'IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

test('the listing links to the repository, its issues and its discussions', () => {
  assert.equal(manifest.repository.url, `${REPO}.git`, 'vsce turns the README\'s relative links into this repository\'s URLs');
  assert.equal(manifest.homepage, `${REPO}#readme`);
  assert.equal(manifest.bugs.url, `${REPO}/issues`);
  assert.equal(manifest.qna, `${REPO}/discussions`);
});

test('the listing has a banner, a price, categories VS Code knows and at most 30 keywords', () => {
  assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
  assert.equal(manifest.pricing, 'Free');
  assert.ok(manifest.categories.length > 0);
  for (const c of manifest.categories) assert.ok(CATEGORIES.has(c), `"${c}" is not a category VS Code knows`);
  assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30, 'the Marketplace takes at most 30 keywords');
  const lower = manifest.keywords.map((k: string) => k.toLowerCase());
  assert.equal(new Set(lower).size, lower.length, 'a keyword appears twice');
});

test('the icon is a 128×128 PNG', () => {
  assert.equal(manifest.icon, 'media/icon.png');
  assert.deepEqual(pngSize(manifest.icon), { width: 128, height: 128 });
});

test('the version is a release version X.Y.Z (the Marketplace takes no pre-release suffix)', () => {
  assert.match(manifest.version, /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/);
});
