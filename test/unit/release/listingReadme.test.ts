import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { listingReadme } from '../../../scripts/release/listingReadme.mjs';

/**
 * What `vsce package` does to the README's links, which is what the Marketplace (and npm, from
 * npm-package.mjs) show: screenshots committed under media/screenshots/ and linked relatively appear
 * on the listing, fetched from GitHub at the released tag, without being in the .vsix.
 */
const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const RAW = 'https://github.com/token-tier/token-tier/raw/v1.2.3';
const BLOB = 'https://github.com/token-tier/token-tier/blob/v1.2.3';

test('relative images and links point at the tag on GitHub; anchors and absolute links stay', async () => {
  const text = [
    '![The panel](media/screenshots/panel-dark.png)',
    '<img src="media/screenshots/badge.png" width="300" alt="The badge">',
    '[Counting](docs/counting.md) · [Set-up](#set-up) · [VS Code](https://code.visualstudio.com/) · fixed in #25',
  ].join('\n');
  assert.equal(await listingReadme(manifest, text, 'v1.2.3'), [
    `![The panel](${RAW}/media/screenshots/panel-dark.png)`,
    `<img src="${RAW}/media/screenshots/badge.png" width="300" alt="The badge">`,
    `[Counting](${BLOB}/docs/counting.md) · [Set-up](#set-up) · [VS Code](https://code.visualstudio.com/) · fixed in [#25](https://github.com/token-tier/token-tier/issues/25)`,
  ].join('\n'));
});

test('the listing refuses SVG and http: images, so screenshots are PNG over https', async () => {
  await assert.rejects(listingReadme(manifest, '![chart](media/screenshots/chart.svg)', 'v1.2.3'), /SVGs are restricted/);
  await assert.rejects(listingReadme(manifest, '![chart](http://example.com/chart.png)', 'v1.2.3'), /HTTPS source/);
});

test('the real README passes the listing\'s image rules (vsce package would stop otherwise)', async () => {
  const listed = await listingReadme(manifest, fs.readFileSync('README.md', 'utf8'), 'v1.2.3');
  assert.doesNotMatch(listed, /\]\((?!https:|#|mailto:)[^)\s]+\)/, 'every link is absolute on the listing');
});
