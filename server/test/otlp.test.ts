import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addPerson, createTeam } from '../src/teams';
import { startBackend, stopPostgres } from './harness';
import type { Backend, Engine } from './harness';
import { OtelSender } from './otelSender';
import { hostKey } from '../../src/core/hostKey';

/** Sums of what counts (usage_daily) for one person, by agent, over all days and devices. */
async function totals(b: Backend, personId: number, agent?: string) {
  const [r] = await b.db.all<Record<string, number>>(
    `SELECT COALESCE(SUM(input), 0) AS input, COALESCE(SUM(output), 0) AS output, COALESCE(SUM(cache_read), 0) AS "cacheRead",
            COALESCE(SUM(cache_write), 0) AS "cacheWrite", COALESCE(SUM(reasoning), 0) AS reasoning
     FROM usage_daily WHERE person_id = ?${agent ? ' AND agent = ?' : ''}`,
    agent ? [personId, agent] : [personId],
  );
  return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, Number(v)]));
}

const claude = { 'service.name': 'claude-code', 'host.name': 'ana-laptop' };

function suite(engine: Engine) {
  describe(`OTLP /v1/metrics from the official OpenTelemetry SDK (${engine})`, () => {
    let b: Backend;
    let ana: { personId: number; token: string };
    let bo: { personId: number; token: string };
    before(async () => {
      b = await startBackend(engine);
      await createTeam(b.db, 'Org');
      ana = await addPerson(b.db, 1, 'Ana', 'ana@example.com');
      bo = await addPerson(b.db, 1, 'Bo', 'bo@example.com');
    });
    after(async () => {
      await b?.close();
    });

    test('Claude Code, cumulative over protobuf: each export adds only its increase, a re-export of the same totals adds nothing', async () => {
      const s = new OtelSender({ url: b.url, token: ana.token, protocol: 'http/protobuf', temporality: 'cumulative', resource: claude });
      const usage = s.counter('claude_code.token.usage');
      usage(1000, { type: 'input', model: 'claude-sonnet-4-5', 'session.id': 's1' });
      usage(200, { type: 'output', model: 'claude-sonnet-4-5', 'session.id': 's1' });
      usage(5000, { type: 'cacheRead', model: 'claude-sonnet-4-5', 'session.id': 's1' });
      usage(300, { type: 'cacheCreation', model: 'claude-sonnet-4-5', 'session.id': 's1' });
      await s.flush();
      usage(500, { type: 'input', model: 'claude-sonnet-4-5', 'session.id': 's1' });
      await s.flush();
      await s.flush(); // the same cumulative values again
      await s.shutdown();
      assert.deepEqual(await totals(b, ana.personId, 'claude-code'), { input: 1500, output: 200, cacheRead: 5000, cacheWrite: 300, reasoning: 0 });
      // Filed under a hash of the host; the host name itself is stored nowhere.
      const [row] = await b.db.all<{ device_id: string; timezone: string; date: string }>("SELECT device_id, timezone, date FROM usage_daily WHERE person_id = ? AND agent = 'claude-code'", [ana.personId]);
      assert.equal(row!.device_id, `otlp-${hostKey('ana-laptop').slice(0, 20)}`);
      assert.equal(row!.timezone, 'UTC');
      assert.equal(row!.date, new Date().toISOString().slice(0, 10));
      for (const table of ['usage_daily', 'otlp_daily', 'otlp_series', 'devices']) {
        const dump = JSON.stringify(await b.db.all(`SELECT * FROM ${table}`));
        assert.ok(!dump.includes('ana-laptop'), `${table} holds the host name`);
      }
    });

    test('a restarted agent (a new cumulative start time) adds its whole new count once; the old series is not counted again', async () => {
      const before = await totals(b, ana.personId, 'claude-code');
      const s = new OtelSender({ url: b.url, token: ana.token, protocol: 'http/protobuf', temporality: 'cumulative', resource: claude });
      const usage = s.counter('claude_code.token.usage');
      usage(70, { type: 'input', model: 'claude-sonnet-4-5', 'session.id': 's1' });
      await s.flush();
      await s.flush();
      await s.shutdown();
      assert.equal((await totals(b, ana.personId, 'claude-code')).input, before.input! + 70);
    });

    test('Gemini CLI, delta over JSON: input − cache + tool, output + thoughts, thoughts as reasoning', async () => {
      const s = new OtelSender({ url: b.url, token: bo.token, protocol: 'http/json', temporality: 'delta', resource: { 'service.name': 'gemini-cli', 'host.name': 'bo-box' } });
      const usage = s.counter('gemini_cli.token.usage');
      const m = { model: 'gemini-2.5-pro' };
      usage(1000, { ...m, type: 'input' });
      usage(400, { ...m, type: 'cache' });
      usage(10, { ...m, type: 'tool' });
      usage(100, { ...m, type: 'output' });
      usage(50, { ...m, type: 'thought' });
      await s.flush();
      usage(1000, { ...m, type: 'input' });
      await s.flush();
      await s.flush(); // a delta export with nothing new sends no points
      await s.shutdown();
      assert.deepEqual(await totals(b, bo.personId, 'gemini-cli'), { input: 1610, output: 150, cacheRead: 400, cacheWrite: 0, reasoning: 50 });
    });

    test('Codex, per-turn histograms over protobuf (delta and cumulative): cached input out of input, reasoning within output, total not added', async () => {
      for (const temporality of ['delta', 'cumulative'] as const) {
        const s = new OtelSender({ url: b.url, token: bo.token, protocol: 'http/protobuf', temporality, resource: { 'service.name': 'codex_cli_rs', 'host.name': `bo-${temporality}` } });
        const turn = s.histogram('codex.turn.token_usage');
        for (let i = 0; i < 2; i++) {
          const m = { model: 'gpt-5.1-codex' };
          turn(1000, { ...m, token_type: 'input' });
          turn(600, { ...m, token_type: 'cached_input' });
          turn(300, { ...m, token_type: 'output' });
          turn(100, { ...m, token_type: 'reasoning_output' });
          turn(1300, { ...m, token_type: 'total' });
          await s.flush();
        }
        await s.flush();
        await s.shutdown();
      }
      assert.deepEqual(await totals(b, bo.personId, 'codex'), { input: 1600, output: 1200, cacheRead: 2400, cacheWrite: 0, reasoning: 400 });
    });

    test('an exporter given only a URL (as Gemini CLI builds it from otlpEndpoint) authenticates through OTEL_EXPORTER_OTLP_HEADERS', async () => {
      const dan = await addPerson(b.db, 1, 'Dan', `dan-${Date.now()}@example.com`);
      const saved = process.env.OTEL_EXPORTER_OTLP_HEADERS;
      process.env.OTEL_EXPORTER_OTLP_HEADERS = `Authorization=Bearer ${dan.token}`;
      let s: OtelSender;
      try {
        s = new OtelSender({ url: b.url, protocol: 'http/json', temporality: 'cumulative', resource: { 'service.name': 'gemini-cli', 'host.name': 'dan-box' } });
      } finally {
        if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_HEADERS;
        else process.env.OTEL_EXPORTER_OTLP_HEADERS = saved;
      }
      s.counter('gemini_cli.token.usage')(77, { type: 'output', model: 'gemini-2.5-flash' });
      await s.flush();
      await s.shutdown();
      assert.equal((await totals(b, dan.personId, 'gemini-cli')).output, 77);
    });

    test('gzip-compressed exports (OTEL_EXPORTER_OTLP_COMPRESSION=gzip), protobuf and JSON, count the same', async () => {
      const eli = await addPerson(b.db, 1, 'Eli', `eli-${Date.now()}@example.com`);
      for (const protocol of ['http/protobuf', 'http/json'] as const) {
        const s = new OtelSender({ url: b.url, token: eli.token, protocol, temporality: 'cumulative', gzip: true, resource: { 'service.name': 'claude-code', 'host.name': `eli-${protocol}` } });
        s.counter('claude_code.token.usage')(321, { type: 'output', model: 'claude-opus-4-1' });
        await s.flush();
        await s.shutdown();
      }
      assert.equal((await totals(b, eli.personId)).output, 642);
    });

    test("two exporters of one person sending at once, each flushing repeatedly, count exactly once", async () => {
      const carla = await addPerson(b.db, 1, 'Carla', 'carla@example.com');
      const senders = [0, 1].map((i) => new OtelSender({ url: b.url, token: carla.token, protocol: i ? 'http/json' : 'http/protobuf', temporality: i ? 'delta' : 'cumulative', resource: { 'service.name': 'claude-code', 'host.name': `carla-${i}` } }));
      await Promise.all(
        senders.map(async (s) => {
          const usage = s.counter('claude_code.token.usage');
          for (let round = 0; round < 10; round++) {
            usage(100, { type: 'input', model: 'claude-opus-4-1' });
            await Promise.all([s.flush(), s.flush()]);
          }
          await s.shutdown();
        }),
      );
      assert.equal((await totals(b, carla.personId)).input, 2000);
    });
  });
}

suite('sqlite');
suite('postgres');

after(() => stopPostgres());
