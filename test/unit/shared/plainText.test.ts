import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownText, MAX_OUTSIDE_TEXT, plainText } from '../../../src/shared/plainText';
import { HOSTILE_REASON, markdownLive, markdownSeen, NOTIFICATION_LINK } from '../../fixtures/hostileText';

test('plain text carries no notification link, icon, control or direction override, on one bounded line', () => {
  const s = plainText(HOSTILE_REASON);
  assert.deepEqual(s.match(NOTIFICATION_LINK), null);
  assert.doesNotMatch(s, /\$\(/);
  assert.doesNotMatch(s, /[\n\r\u202e\u202c]/);
  assert.match(s, /^Session expired\. \[Re-authenticate\] \(command:workbench/, 'the words are all still there to read');
  assert.equal([...plainText('x'.repeat(5000))].length, MAX_OUTSIDE_TEXT);
  assert.match(plainText('y'.repeat(5000), 20), /^y{19}…$/);
  assert.equal(plainText(undefined), '');
  assert.equal(plainText(404), '404');
});

test('Markdown text renders no link, image, autolink or HTML, and reads as the plain text', () => {
  for (const hostile of [HOSTILE_REASON, 'see https://evil.example and www.evil.example', '**bold** _it_ `code` # head', '[a]: https://evil.example\n\n[a]']) {
    const md = markdownText(hostile);
    assert.deepEqual(markdownLive(md), [], md);
    assert.equal(markdownSeen(md).trim(), plainText(hostile));
  }
});
