import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clineApiReq, clineSay } from '../../../src/demo/agentLogs';
import { clineSource } from '../../../src/sources/cline';
import { rooCodeSource } from '../../../src/sources/rooCode';
import { withHome, sumRows } from '../../fixtures/tempHome';
import type { LedgerRow } from '../../../src/core/ledger';

const C0 = Date.parse('2026-11-21T09:00:00.123Z');
const TASK = '1763720000000';
const CLINE = `.config/Code/User/globalStorage/saoudrizwan.claude-dev/tasks/${TASK}/ui_messages.json`;
const ROO = `.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/tasks/${TASK}/ui_messages.json`;
const KILO = `.config/Cursor/User/globalStorage/kilocode.kilo-code/tasks/${TASK}/ui_messages.json`;
const SONNET = 'claude-sonnet-4-5-20250929';
const of = (agent: LedgerRow['agent']) => (rows: readonly LedgerRow[]) => sumRows(rows, (r) => r.agent === agent);
const task = (...messages: Array<Record<string, unknown>>) => JSON.stringify([clineSay(C0 - 10_000, 'task', 'Add retry to fetchUser'), ...messages]);

test('Cline: disjoint buckets; cancelled requests keep their counts; a placeholder counts 0; the model comes with the message', () =>
  withHome(async (h) => {
    h.write(CLINE, task(clineApiReq(C0, { tokensIn: 1450, tokensOut: 233, cacheWrites: 3021, cacheReads: 24800 }, SONNET), clineApiReq(C0 + 50_000, { tokensIn: 3, tokensOut: 41, cacheWrites: 0, cacheReads: 27821, cancelReason: 'user_cancelled' }, SONNET), clineApiReq(C0 + 90_000, null)));
    const r = await h.scan();
    const t = of('cline')(r.rows);
    assert.deepEqual([t.input, t.output, t.cacheWrite, t.cacheRead], [1453, 274, 3021, 52621]);
    assert.ok(r.rows.every((x) => x.model === SONNET));
  }));

test('old tasks: the counts of api_req_finished merge into their api_req_started, dated by it', () =>
  withHome(async (h) => {
    h.write(CLINE, task(clineApiReq(C0, null), clineSay(C0 + 1000, 'text', 'Reading…'), clineSay(C0 + 3900, 'api_req_finished', { tokensIn: 1200, tokensOut: 300, cacheWrites: 0, cacheReads: 0, cost: 0.0081 })));
    const r = await h.scan();
    assert.equal(of('cline')(r.rows).total, 1500);
    assert.equal(r.rows[0]!.slot * 900_000 <= C0 && C0 < (r.rows[0]!.slot + 1) * 900_000, true);
  }));

test('a restored checkpoint: the removed requests are taken back and their sum (deleted_api_reqs) stands in, dated by the restore', () =>
  withHome(async (h) => {
    const r1 = clineApiReq(C0, { tokensIn: 100, tokensOut: 10, cacheWrites: 0, cacheReads: 1000 }, SONNET);
    const r2 = clineApiReq(C0 + 60_000, { tokensIn: 200, tokensOut: 20, cacheWrites: 5, cacheReads: 2000 }, SONNET);
    const r3 = clineApiReq(C0 + 120_000, { tokensIn: 300, tokensOut: 30, cacheWrites: 0, cacheReads: 3000 }, SONNET);
    h.write(CLINE, task(r1, r2, r3));
    assert.equal(of('cline')((await h.scan()).rows).total, 1110 + 2225 + 3330);
    const restore = C0 + 86_400_000;
    h.write(CLINE, task(r1, clineSay(restore, 'deleted_api_reqs', { tokensIn: 500, tokensOut: 50, cacheWrites: 5, cacheReads: 5000, cost: 0.05 })));
    const after = await h.scan();
    assert.equal(of('cline')(after.rows).total, 1110 + 5555);
    const restoreDay = Math.floor(restore / 86_400_000);
    assert.equal(sumRows(after.rows, (x) => Math.floor((x.slot * 900_000) / 86_400_000) === restoreDay).total, 5555);
    // A cold read of the restored file agrees.
    assert.equal(of('cline')((await h.scan(true)).rows).total, 1110 + 5555);
  }));

test('subagent usage (Cline) counts; the per-subagent status lines are not usage', () =>
  withHome(async (h) => {
    h.write(CLINE, task(clineSay(C0, 'subagent_usage', { source: 'subagents', tokensIn: 220, tokensOut: 980, cacheWrites: 4100, cacheReads: 0, cost: 0.031 }), clineSay(C0 + 1, 'subagent', { items: [{ inputTokens: 220, outputTokens: 980 }] })));
    assert.equal(of('cline')((await h.scan()).rows).total, 5300);
  }));

test('a half-written ui_messages.json keeps what the task counted; the finished write is read again', () =>
  withHome(async (h) => {
    const full = task(clineApiReq(C0, { tokensIn: 10, tokensOut: 1 }, SONNET), clineApiReq(C0 + 1000, { tokensIn: 20, tokensOut: 2 }, SONNET));
    h.write(CLINE, task(clineApiReq(C0, { tokensIn: 10, tokensOut: 1 }, SONNET)));
    assert.equal(of('cline')((await h.scan()).rows).total, 11);
    h.write(CLINE, full.slice(0, full.length - 40));
    const torn = await h.scan();
    assert.equal(of('cline')(torn.rows).total, 11);
    assert.deepEqual(torn.report.skipped, { 'invalid-json': 1 });
    h.write(CLINE, full);
    assert.equal(of('cline')((await h.scan()).rows).total, 33);
  }));

test('Cline 4: copies of resumed turns written back into ui_messages.json are not counted (sdk_writeback.json)', () =>
  withHome(async (h) => {
    h.write(CLINE, task(clineApiReq(C0, { tokensIn: 10, tokensOut: 1 }, SONNET), clineApiReq(C0 + 9e6, { tokensIn: 777, tokensOut: 7 }, SONNET)));
    h.write(CLINE.replace('ui_messages.json', 'sdk_writeback.json'), JSON.stringify({ version: 1, baseUiMessageCount: 2, writtenUiMessageCount: 3 }));
    assert.equal(of('cline')((await h.scan()).rows).total, 11);
  }));

test('Cline 4 sessions: per-turn metrics with the cache inside inputTokens', () =>
  withHome(async (h) => {
    const messages = [
      { id: 'u1', role: 'user', content: [{ type: 'text', text: 'Add retry' }] },
      { id: 'a1', role: 'assistant', ts: C0, modelInfo: { id: 'claude-sonnet-4-6', provider: 'anthropic' }, content: [] },
      { id: 'a2', role: 'assistant', ts: C0 + 6000, modelInfo: { id: 'claude-sonnet-4-6', provider: 'anthropic' }, content: [], metrics: { inputTokens: 29025, outputTokens: 412, cacheReadTokens: 24800, cacheWriteTokens: 3021, cost: 0.0251 } },
    ];
    h.write('.cline/data/sessions/1751447650001_ab12/1751447650001_ab12.messages.json', JSON.stringify({ version: 1, agent: 'lead', sessionId: '1751447650001_ab12', messages }));
    const t = of('cline')((await h.scan()).rows);
    assert.deepEqual([t.input, t.output, t.cacheRead, t.cacheWrite], [1204, 412, 24800, 3021]);
  }));

test('Roo Code and Kilo Code: tokensIn is the whole prompt (both protocols); old Anthropic records were the uncached part', () =>
  withHome(async (h) => {
    const whole = { tokensIn: 29025, tokensOut: 233, cacheWrites: 3021, cacheReads: 24800 };
    const oldTs = Date.parse('2025-10-20T10:00:00Z');
    h.write(ROO, task(
      clineApiReq(C0, { ...whole, apiProtocol: 'anthropic' }),
      clineApiReq(C0 + 1, { tokensIn: 18420, tokensOut: 960, cacheWrites: 0, cacheReads: 12288, apiProtocol: 'openai' }),
      // Roo < 3.29.5: the uncached part, told apart by being smaller than the cache, or by date.
      clineApiReq(oldTs, { tokensIn: 1204, tokensOut: 233, cacheWrites: 3021, cacheReads: 24800, apiProtocol: 'anthropic' }),
      clineApiReq(oldTs + 1, { tokensIn: 50000, tokensOut: 10, cacheWrites: 0, cacheReads: 1000, apiProtocol: 'anthropic' }),
    ));
    h.write(KILO, task(clineApiReq(C0, { ...whole, apiProtocol: 'anthropic' })));
    const rows = (await h.scan()).rows;
    const roo = of('roo-code')(rows);
    assert.deepEqual([roo.input, roo.cacheRead], [1204 + 6132 + 1204 + 50000, 24800 + 12288 + 24800 + 1000]);
    assert.equal(of('kilo-code')(rows).total, 29025 + 233);
  }));

test('Roo names the model in the conversation history, not in the message', () =>
  withHome(async (h) => {
    h.write(ROO, task(clineApiReq(C0, { tokensIn: 10, tokensOut: 1 })));
    h.write(ROO.replace('ui_messages.json', 'api_conversation_history.json'), JSON.stringify([{ role: 'user', content: [{ type: 'text', text: '<environment_details>\n# Current Mode\n<slug>code</slug>\n<model>anthropic/claude-sonnet-4.5</model>\n</environment_details>' }] }]));
    assert.deepEqual((await h.scan()).rows.map((r) => r.model), ['anthropic/claude-sonnet-4.5']);
  }));

test('every VS Code flavour on every OS, the running editor’s own storage first, plus the CLI folders', () => {
  const linux = clineSource.defaultRoots({ home: '/home/ana', env: {}, platform: 'linux', editorGlobalStorage: '/opt/portable/data/user-data/User/globalStorage' });
  assert.equal(linux[0], '/opt/portable/data/user-data/User/globalStorage/saoudrizwan.claude-dev/tasks');
  for (const d of ['.config/Code', '.config/Code - Insiders', '.config/VSCodium', '.config/Cursor', '.config/Windsurf', '.vscode-server/data']) {
    assert.ok(linux.includes(`/home/ana/${d}/User/globalStorage/saoudrizwan.claude-dev/tasks`), d);
  }
  assert.ok(linux.includes('/home/ana/.cline/data/tasks') && linux.includes('/home/ana/.cline/data/sessions'));
  const mac = rooCodeSource.defaultRoots({ home: '/Users/ana', env: {}, platform: 'darwin' });
  assert.ok(mac.includes('/Users/ana/Library/Application Support/Code/User/globalStorage/rooveterinaryinc.roo-cline/tasks'));
  const win = rooCodeSource.defaultRoots({ home: 'C:\\Users\\ana', env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, platform: 'win32' });
  assert.ok(win.includes('C:\\Users\\ana\\AppData\\Roaming\\Code - Insiders\\User\\globalStorage\\rooveterinaryinc.roo-cline\\tasks'));
  const xdg = rooCodeSource.defaultRoots({ home: '/home/ana', env: { XDG_CONFIG_HOME: '/cfg' }, platform: 'linux' });
  assert.ok(xdg.includes('/cfg/Code/User/globalStorage/rooveterinaryinc.roo-cline/tasks'));
});

test('Roo and Kilo write a restored checkpoint’s sum as api_req_deleted: it stands in for the requests taken back', () =>
  withHome(async (h) => {
    const r1 = clineApiReq(C0, { tokensIn: 1100, tokensOut: 10, cacheWrites: 0, cacheReads: 1000, apiProtocol: 'anthropic' }, SONNET);
    const r2 = clineApiReq(C0 + 60_000, { tokensIn: 2205, tokensOut: 20, cacheWrites: 5, cacheReads: 2000, apiProtocol: 'anthropic' }, SONNET);
    h.write(ROO, task(r1, r2));
    assert.equal(of('roo-code')((await h.scan()).rows).total, 1110 + 2225);
    h.write(ROO, task(r1, clineSay(C0 + 9e6, 'api_req_deleted', { tokensIn: 2205, tokensOut: 20, cacheWrites: 5, cacheReads: 2000, cost: 0.02 })));
    assert.equal(of('roo-code')((await h.scan()).rows).total, 1110 + 2225);
    assert.equal(of('roo-code')((await h.coldScan()).rows).total, 1110 + 2225);
  }));

test('a message deleted or edited without a checkpoint leaves no sum behind: its spent tokens stay counted', () =>
  withHome(async (h) => {
    const r1 = clineApiReq(C0, { tokensIn: 1100, tokensOut: 10, cacheReads: 1000, apiProtocol: 'anthropic' }, SONNET);
    const r2 = clineApiReq(C0 + 60_000, { tokensIn: 2205, tokensOut: 20, cacheWrites: 5, cacheReads: 2000, apiProtocol: 'anthropic' }, SONNET);
    h.write(ROO, task(r1, r2));
    await h.scan();
    h.write(ROO, task(r1, clineApiReq(C0 + 120_000, { tokensIn: 500, tokensOut: 5, apiProtocol: 'anthropic' }, SONNET)));
    assert.equal(of('roo-code')((await h.scan()).rows).total, 1110 + 2225 + 505);
    // A later checkpoint restore takes back only what it sums, not the earlier edit's requests.
    h.write(ROO, task(r1, clineSay(C0 + 9e6, 'api_req_deleted', { tokensIn: 500, tokensOut: 5 })));
    assert.equal(of('roo-code')((await h.scan()).rows).total, 1110 + 2225 + 505);
  }));

test('old tasks: one api_req_finished merges into one started request only, as combineApiRequests does', () =>
  withHome(async (h) => {
    h.write(CLINE, task(clineApiReq(C0, null), clineSay(C0 + 500, 'error', 'Request failed'), clineApiReq(C0 + 1000, null), clineSay(C0 + 3900, 'api_req_finished', { tokensIn: 1200, tokensOut: 300 })));
    assert.equal(of('cline')((await h.scan()).rows).total, 1500);
  }));

test('absurd counts (a wrapped unsigned −1) are refused, and a corrected file is exact', () =>
  withHome(async (h) => {
    h.write(CLINE, task(clineApiReq(C0, { tokensIn: 5, tokensOut: 0 }), clineApiReq(C0 + 1, { tokensIn: 1.8446744073709552e19, tokensOut: 0 })));
    const r = await h.scan();
    assert.equal(of('cline')(r.rows).total, 5);
    assert.deepEqual(r.report.skipped, { 'bad-usage': 1 });
    h.write(CLINE, task(clineApiReq(C0, { tokensIn: 5, tokensOut: 0 }), clineApiReq(C0 + 1, { tokensIn: 7, tokensOut: 0 })));
    assert.equal(of('cline')((await h.scan()).rows).input, 12);
  }));
