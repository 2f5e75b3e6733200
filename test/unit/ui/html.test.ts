import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { makeNonce, panelCsp, panelHtml } from '../../../src/ui/html';

test('the panel CSP allows only nonce scripts and the webview origin', () => {
  const csp = panelCsp({ cspSource: 'vscode-webview://abc', nonce: 'N' });
  assert.match(csp, /^default-src 'none'/);
  assert.match(csp, /script-src 'nonce-N'$/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const html = panelHtml({ cspSource: 'vscode-webview://abc', nonce: 'N', scriptUri: 'S.js', styleUri: 'S.css' });
  assert.match(html, /<script nonce="N" src="S.js"><\/script>/);
  const a = makeNonce(randomBytes);
  assert.match(a, /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(a, makeNonce(randomBytes));
});
