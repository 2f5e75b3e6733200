// `npm run test:vscode`: the integration suite in a downloaded VS Code (needs the network).
// Offline, `npm run test:e2e` runs the same suite in code-server (scripts/e2e/).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'out/test/integration/**/*.test.js',
  mocha: { ui: 'tdd', timeout: 30000 },
  env: { HOME: process.env.TOKEN_TIER_TEST_HOME ?? process.env.HOME },
});
