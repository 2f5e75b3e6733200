import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Loaded by the extension host (`extensionTestsPath`): runs every *.test.js beside it. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000 });
  for (const f of fs.readdirSync(__dirname)) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => mocha.run((failures) => (failures ? reject(new Error(`${failures} tests failed.`)) : resolve())));
}
