import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, toCsv } from '../../src/shared/csv';

test('cells a spreadsheet would run as a formula open as text (OWASP: = + - @ tab CR)', () => {
  assert.equal(csvCell('=HYPERLINK("https://evil.example","x")'), `"'=HYPERLINK(""https://evil.example"",""x"")"`);
  assert.equal(csvCell('+cmd'), "'+cmd");
  assert.equal(csvCell('-2+3'), "'-2+3");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('\t=1'), "'\t=1");
  assert.equal(csvCell('\r=1'), `"'\r=1"`);
  // Only the first character matters; text that merely contains them is left alone.
  assert.equal(csvCell('gpt-5=fast'), 'gpt-5=fast');
  assert.equal(csvCell("'already"), "'already");
});

test('numbers stay numbers; RFC 4180 quoting for commas, quotes and line breaks', () => {
  for (const n of ['0', '12', '-12', '+7000', '-0.5', '42%']) assert.equal(csvCell(n), n);
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(toCsv([['Model', 'Tokens'], ['=1+1', '-3']]), "Model,Tokens\n'=1+1,-3\n");
});
