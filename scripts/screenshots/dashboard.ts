/**
 * The listing's picture of the company dashboard: the seeded demo organisation (10 teams, 200
 * people, 90 days) in its first screen at 1280×800, light (scripts/screenshots.sh).
 */
import * as path from 'node:path';
import { launch } from '../../test/e2e/browser';
import { startBackend } from '../../server/test/harness';
import { createTeam } from '../../server/src/teams';
import { seedDemo } from '../../server/src/demo/seedDemo';
import { openDashboard } from '../../server/test/dashboardPage';

const out = process.argv[2]!;

void (async () => {
  const b = await startBackend('sqlite');
  const admin = (await createTeam(b.db, 'Acme (demo data)')).adminToken;
  await seedDemo(b.db, 1);
  const { context, close } = await launch();
  const page = await context.newPage();
  await openDashboard(page, b.url, admin, 1280, 'light', '#top-agent-mix tbody tr', 800);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(out, 'dashboard.png') });
  await close();
  await b.close();
  console.log('dashboard.png');
})();
