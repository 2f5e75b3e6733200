import { parse } from 'yaml';

/** A workflow file as the policy reads it (the parts actionlint does not judge). */
interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Job {
  uses?: string;
  needs?: string | string[];
  permissions?: Record<string, string> | string;
  steps?: Step[];
  secrets?: unknown;
}
interface Workflow {
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

/** Which job may hold which secret, and nothing else may. */
export const SECRET_JOBS: Record<string, string> = { VSCE_PAT: 'marketplace', OVSX_PAT: 'open-vsx', NPM_TOKEN: 'npm' };
/** The only write permissions the release has, and the job each belongs to. */
const WRITES: Record<string, string> = { 'id-token': 'npm', contents: 'github-release' };

/** Actions by major version (`@v4`) or by commit; never a branch, a minor tag or nothing. */
const PINNED = /^[\w.-]+\/[\w./-]+@(v\d+|[0-9a-f]{40})$/;
/**
 * The first majors of GitHub's own actions that run on Node 24: their older majors run on Node 20,
 * which GitHub's runners dropped in 2026, and actionlint 1.7.7 (January 2025) cannot tell.
 */
const NODE24: Record<string, number> = { 'actions/checkout': 5, 'actions/setup-node': 5, 'actions/cache': 5, 'actions/upload-artifact': 6, 'actions/download-artifact': 7 };

function jobText(job: Job): string {
  return JSON.stringify(job);
}

/**
 * What in ci.yml and release.yml (their texts) breaks the release policy: actions pinned at least by
 * major version and on Node 24, least-privilege permissions (none at the top of release.yml, each job its own, the two
 * writes only where needed), each publishing token in its one job, jobs that hold a token never running
 * install scripts, and no `secrets: inherit`.
 */
export function policyProblems(files: Record<string, string>): string[] {
  const problems: string[] = [];
  const flows = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, parse(text) as Workflow]));
  for (const [name, wf] of Object.entries(flows)) {
    for (const [id, job] of Object.entries(wf.jobs ?? {})) {
      const refs = [job.uses, ...(job.steps ?? []).map((s) => s.uses)].filter((u): u is string => !!u);
      for (const u of refs) if (!u.startsWith('./') && !PINNED.test(u)) problems.push(`${name} ${id}: "${u}" is not pinned to a major version or a commit`);
      for (const u of refs) {
        const [action = '', major] = u.split('@v');
        if (NODE24[action] && Number(major) < NODE24[action]) problems.push(`${name} ${id}: ${u} runs on Node 20; use v${NODE24[action]} or later`);
      }
      if (job.secrets !== undefined) problems.push(`${name} ${id}: passes secrets on`);
      if (typeof job.permissions === 'string' || typeof wf.permissions === 'string') problems.push(`${name} ${id}: permissions given as "${String(job.permissions ?? wf.permissions)}"`);
      const text = jobText(job);
      for (const [secret, owner] of Object.entries(SECRET_JOBS)) {
        if (text.includes(`secrets.${secret}`) && !(name === 'release.yml' && id === owner)) problems.push(`${name} ${id}: uses ${secret}, which only the ${owner} job may`);
      }
      if (/secrets\./.test(text) && /npm ci(?! --ignore-scripts)/.test(text)) problems.push(`${name} ${id}: holds a token and runs install scripts (npm ci without --ignore-scripts)`);
    }
  }
  const release = flows['release.yml'];
  if (release) {
    if (JSON.stringify(release.permissions) !== '{}') problems.push('release.yml: the workflow-wide permissions are not {}');
    for (const [id, job] of Object.entries(release.jobs)) {
      if (typeof job.permissions !== 'object') {
        problems.push(`release.yml ${id}: no permissions of its own`);
        continue;
      }
      for (const [scope, level] of Object.entries(job.permissions)) {
        if (level === 'write' && WRITES[scope] !== id) problems.push(`release.yml ${id}: ${scope}: write belongs to ${WRITES[scope] ?? 'no job'}`);
      }
    }
  }
  const ci = flows['ci.yml'];
  if (ci && JSON.stringify(ci.permissions) !== '{"contents":"read"}') problems.push('ci.yml: the permissions are not contents: read');
  return problems;
}
