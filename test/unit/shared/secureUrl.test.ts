import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insecureUrlReason } from '../../../src/shared/secureUrl';

test('a token goes only to https, or to plain http on this machine', () => {
  for (const ok of ['https://tokens.example.com', 'https://10.0.0.5:8443/tt/', 'http://127.0.0.1:8787', 'http://localhost:8787/', 'http://[::1]:8787', 'http://127.8.9.10']) {
    assert.equal(insecureUrlReason(ok), undefined, ok);
  }
  for (const bad of ['http://tokens.example.com', 'http://10.0.0.5:8787', 'http://localhost.evil.example', 'http://127.0.0.1.evil.example', 'ftp://x', 'javascript:alert(1)', 'not a url', '']) {
    assert.match(insecureUrlReason(bad) ?? 'accepted', /https|not a URL/, bad);
  }
});
