import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = fs.readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

/** One accessibility violation as axe-core reports it, short. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core (WCAG 2.x A/AA and best practice) run inside the page. Evaluated over the DevTools
 * protocol, so the panel's strict CSP stays as it is; returns the violations of `impacts`.
 */
export async function axeViolations(page: Page, impacts: readonly string[] = ['serious', 'critical']): Promise<Violation[]> {
  const script = `${AXE};
    axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`;
  const all = (await page.evaluate(script)) as Violation[];
  return all.filter((v) => v.impact !== null && impacts.includes(v.impact));
}
