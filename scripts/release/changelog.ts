// Reads CHANGELOG.md as Keep a Changelog 1.1.0 writes it, and says what breaks the format: the unit test
// runs it on every `npm test`, the release workflow before it publishes a tag.

/** One released version: `## [X.Y.Z] - YYYY-MM-DD` and the text below it up to the next `## `. */
export interface Release {
  version: string;
  date: string;
  notes: string;
}

/** The parsed file, and every way it departs from the format (empty when it follows it). */
export interface Changelog {
  unreleased: string | undefined;
  releases: Release[];
  problems: string[];
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const GROUPS = new Set(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security']);
const REPO = 'https://github.com/token-tier/token-tier';

/** -1, 0 or 1 as version a is below, equal to or above b (both X.Y.Z). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) < (pb[i] ?? 0) ? -1 : 1;
  return 0;
}

function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  return new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;
}

/** The groups (`### Added` …) of one section's text, with what is wrong in them. */
function checkGroups(title: string, body: string, problems: string[]): void {
  const groups = [...body.matchAll(/^### (.*)$/gm)].map((m) => m[1] ?? '');
  if (groups.length === 0) problems.push(`${title}: no "### Added" (Changed, Fixed, …) group`);
  for (const g of groups) if (!GROUPS.has(g)) problems.push(`${title}: "### ${g}" is not one of ${[...GROUPS].join(', ')}`);
  if (new Set(groups).size !== groups.length) problems.push(`${title}: a group heading appears twice`);
  for (const part of body.split(/^### .*$/m).slice(1)) {
    if (!/^- \S/m.test(part)) problems.push(`${title}: a group with no "- " entry`);
  }
}

/** Parses CHANGELOG.md's text. */
export function parseChangelog(text: string): Changelog {
  const problems: string[] = [];
  if (!text.startsWith('# Changelog\n')) problems.push('the first line is not "# Changelog"');
  const parts = text.split(/^## /m).slice(1);
  let unreleased: string | undefined;
  const releases: Release[] = [];
  parts.forEach((part, i) => {
    const nl = part.indexOf('\n');
    const heading = nl < 0 ? part : part.slice(0, nl);
    const body = (nl < 0 ? '' : part.slice(nl + 1)).replace(/^\[[^\]]+\]: .*$/gm, '').trim();
    if (heading === '[Unreleased]') {
      if (i !== 0) problems.push('"## [Unreleased]" is not the first section');
      unreleased = body;
      if (body) checkGroups('[Unreleased]', body, problems);
      return;
    }
    const m = /^\[([^\]]+)\] - (\S+)$/.exec(heading);
    if (!m) {
      problems.push(`"## ${heading}" is neither "## [Unreleased]" nor "## [X.Y.Z] - YYYY-MM-DD"`);
      return;
    }
    const [, version = '', date = ''] = m;
    if (!SEMVER.test(version)) problems.push(`"${version}" is not a semantic version X.Y.Z`);
    if (!isCalendarDate(date)) problems.push(`${version}: "${date}" is not a date YYYY-MM-DD`);
    checkGroups(`[${version}]`, body, problems);
    releases.push({ version, date, notes: body });
  });
  for (let i = 1; i < releases.length; i++) {
    const newer = releases[i - 1]!;
    const older = releases[i]!;
    if (!SEMVER.test(newer.version) || !SEMVER.test(older.version)) continue;
    if (compareVersions(newer.version, older.version) <= 0) problems.push(`${newer.version} is listed above ${older.version}: newest first`);
    if (newer.date < older.date) problems.push(`${newer.version} (${newer.date}) is dated before ${older.version} (${older.date})`);
  }
  const links = new Map([...text.matchAll(/^\[([^\]]+)\]: (\S+)$/gm)].map((l) => [l[1] ?? '', l[2] ?? '']));
  const latest = releases[0]?.version;
  if (unreleased !== undefined) {
    const want = latest ? `${REPO}/compare/v${latest}...HEAD` : `${REPO}/commits/HEAD`;
    if (links.get('Unreleased') !== want) problems.push(`the link "[Unreleased]: ${want}" is missing at the end`);
  }
  releases.forEach((r, i) => {
    const older = releases[i + 1]?.version;
    const want = older ? `${REPO}/compare/v${older}...v${r.version}` : `${REPO}/releases/tag/v${r.version}`;
    if (links.get(r.version) !== want) problems.push(`the link "[${r.version}]: ${want}" is missing at the end`);
  });
  return { unreleased, releases, problems };
}

/**
 * What stops tag `tag` from being released: the tag must be v + package.json's version, and that version
 * the newest dated section of the changelog. Empty when the release may go ahead.
 */
export function releaseProblems(changelog: Changelog, packageVersion: string, tag?: string): string[] {
  const problems = [...changelog.problems];
  if (tag !== undefined && tag !== `v${packageVersion}`) problems.push(`the tag ${tag} is not v + package.json's version (${packageVersion})`);
  const newest = changelog.releases[0];
  if (!newest) problems.push('CHANGELOG.md has no released version');
  else if (newest.version !== packageVersion) {
    problems.push(`package.json's version ${packageVersion} is not the newest release in CHANGELOG.md (${newest.version}): rename "## [Unreleased]" to "## [${packageVersion}] - YYYY-MM-DD" when you bump it`);
  }
  return problems;
}
