/**
 * Runs the mocha integration suite inside code-server's real extension host, the way VS Code's
 * own browser integration runner does: `?payload=` with extensionDevelopmentPath/TestsPath.
 */
import * as path from 'node:path';
import { launch } from './browser';

const [baseUrl, folder, devPath, testsPath] = process.argv.slice(2) as [string, string, string, string];
const host = new URL(baseUrl).host;
const remote = (p: string) => `vscode-remote://${host}${path.resolve(p)}`;
const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(devPath)],
  ['extensionTestsPath', remote(testsPath)],
]);

(async () => {
  const { context, close } = await launch();
  const page = context.pages()[0] ?? (await context.newPage());
  let exit: (code: number) => void = () => undefined;
  const done = new Promise<number>((r) => (exit = r));
  // Exposed before navigation: the workbench forwards the host's console and its exit code.
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => console.log(...(args ?? [])));
  await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
  await page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
  const code = await Promise.race([done, new Promise<number>((r) => setTimeout(() => r(2), 180_000))]);
  if (code === 2) console.error('FAIL: the extension-host suite did not finish in 180 s');
  await close();
  process.exit(code);
})();
