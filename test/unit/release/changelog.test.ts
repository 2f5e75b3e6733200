import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { compareVersions, parseChangelog, releaseProblems } from '../../../scripts/release/changelog';

const TEXT = fs.readFileSync('CHANGELOG.md', 'utf8');
const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
const R = 'https://github.com/token-tier/token-tier';

/** A small, well-formed changelog to break one way at a time. */
const GOOD = `# Changelog

## [Unreleased]

### Added

- Something new.

## [0.2.0] - 2026-12-01

### Added

- A feature.

### Fixed

- A bug.

## [0.1.0] - 2026-11-23

### Added

- The first release.

[Unreleased]: ${R}/compare/v0.2.0...HEAD
[0.2.0]: ${R}/compare/v0.1.0...v0.2.0
[0.1.0]: ${R}/releases/tag/v0.1.0
`;

test('CHANGELOG.md follows Keep a Changelog, and its newest release is package.json\'s version', () => {
  const c = parseChangelog(TEXT);
  assert.deepEqual(c.problems, []);
  assert.ok(c.releases.length > 0);
  assert.equal(c.releases.at(-1)?.version, '0.1.0');
  assert.equal(c.releases.at(-1)?.date, '2026-11-23');
  assert.deepEqual(releaseProblems(c, version), []);
});

test('a well-formed changelog parses into its releases, newest first, with their notes', () => {
  const c = parseChangelog(GOOD);
  assert.deepEqual(c.problems, []);
  assert.deepEqual(c.releases.map((r) => [r.version, r.date]), [['0.2.0', '2026-12-01'], ['0.1.0', '2026-11-23']]);
  assert.equal(c.releases[0]?.notes, '### Added\n\n- A feature.\n\n### Fixed\n\n- A bug.');
  assert.equal(c.unreleased, '### Added\n\n- Something new.');
  assert.deepEqual(releaseProblems(c, '0.2.0', 'v0.2.0'), []);
});

test('each departure from the format is named', () => {
  const cases: [string, string, RegExp][] = [
    ['## [0.2.0] - 2026-12-01', '## 0.2.0 — 2026-12-01', /neither "## \[Unreleased\]" nor/],
    ['## [0.2.0] - 2026-12-01', '## [0.2] - 2026-12-01', /"0\.2" is not a semantic version/],
    ['## [0.2.0] - 2026-12-01', '## [0.2.0] - 2026-02-30', /"2026-02-30" is not a date/],
    ['## [0.2.0] - 2026-12-01', '## [0.2.0] - 2026-11-01', /dated before 0\.1\.0/],
    ['## [0.2.0] - 2026-12-01', '## [0.0.9] - 2026-12-01', /0\.0\.9 is listed above 0\.1\.0/],
    ['### Fixed', '### Bugfixes', /"### Bugfixes" is not one of/],
    ['- A bug.', '', /a group with no "- " entry/],
    [`[0.2.0]: ${R}/compare/v0.1.0...v0.2.0\n`, '', /the link "\[0\.2\.0\]: .*compare\/v0\.1\.0\.\.\.v0\.2\.0" is missing/],
    [`/compare/v0.2.0...HEAD`, `/compare/v0.1.0...HEAD`, /the link "\[Unreleased\]: .*v0\.2\.0\.\.\.HEAD" is missing/],
    ['# Changelog\n', '# Changes\n', /the first line/],
  ];
  for (const [from, to, message] of cases) {
    assert.ok(GOOD.includes(from), from);
    const problems = parseChangelog(GOOD.replace(from, to)).problems;
    assert.ok(problems.some((p) => message.test(p)), `"${to}": ${JSON.stringify(problems)}`);
  }
});

test('a tag is released only as v + package.json\'s version, once the changelog dates that version', () => {
  const c = parseChangelog(GOOD);
  assert.match(releaseProblems(c, '0.2.0', 'v0.2.1').join('\n'), /the tag v0\.2\.1 is not v \+ package\.json's version \(0\.2\.0\)/);
  assert.match(releaseProblems(c, '0.3.0', 'v0.3.0').join('\n'), /0\.3\.0 is not the newest release in CHANGELOG\.md \(0\.2\.0\)/);
  assert.match(releaseProblems(parseChangelog('# Changelog\n\n## [Unreleased]\n'), '0.1.0').join('\n'), /no released version/);
});

test('versions compare as numbers, not text', () => {
  assert.equal(compareVersions('0.10.0', '0.9.9'), 1);
  assert.equal(compareVersions('1.0.0', '1.0.0'), 0);
  assert.equal(compareVersions('1.2.3', '1.10.0'), -1);
});
