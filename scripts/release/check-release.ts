// Before a tag is published (release.yml): the tag is v + package.json's version and that version is
// CHANGELOG.md's newest dated section. Writes that section as the GitHub release's notes (--notes=FILE)
// and `version=X.Y.Z` to $GITHUB_OUTPUT when it runs in GitHub Actions.
// Usage: node --import tsx scripts/release/check-release.ts vX.Y.Z [--notes=FILE]
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { parseChangelog, releaseProblems } from './changelog';

const [tag, ...rest] = process.argv.slice(2);
if (!tag || tag.startsWith('--')) {
  console.error('usage: check-release.ts vX.Y.Z [--notes=FILE]');
  process.exit(2);
}
const root = new URL('../../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
const changelog = parseChangelog(readFileSync(new URL('CHANGELOG.md', root), 'utf8'));
const problems = releaseProblems(changelog, version, tag);
if (problems.length > 0) {
  console.error(`Not releasing ${tag}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
const notesFile = rest.find((a) => a.startsWith('--notes='))?.slice('--notes='.length);
if (notesFile) writeFileSync(notesFile, `${changelog.releases[0]?.notes ?? ''}\n`);
if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `version=${version}\n`);
console.log(`${tag}: package.json and CHANGELOG.md agree (${version}, ${changelog.releases[0]?.date})`);
