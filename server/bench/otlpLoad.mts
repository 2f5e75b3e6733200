/**
 * `node --import tsx server/bench/otlpLoad.mts`: 200 simulated agents (one per developer) each send
 * 10 cumulative OTLP/HTTP protobuf exports a minute apart (3 models × 4 token kinds, growing), every
 * export sent twice (a retry), 25 requests at a time, to a real backend on loopback; prints
 * throughput and latency for SQLite and PostgreSQL and checks that the stored totals are exact
 * (each series counted once despite the resends). Bounded: 4,000 requests per engine, loopback only.
 */
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { createTeam, addPerson } from '../src/teams.ts';
import { startBackend, stopPostgres, ENGINES } from '../test/harness.ts';
import { sumExport } from '../test/otlpBodies.ts';

const AGENTS = 200;
const EXPORTS = 10;
const CONCURRENCY = 25;
const MODELS = ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5'];
const KINDS = ['input', 'output', 'cacheRead', 'cacheCreation'];

for (const engine of ENGINES) {
  const b = await startBackend(engine);
  await createTeam(b.db, 'Load');
  const tokens: string[] = [];
  for (let i = 0; i < AGENTS; i++) tokens.push((await addPerson(b.db, 1, `Dev ${i}`, `dev${i}@example.com`)).token);
  const start = Date.now() - 3_600_000;
  const jobs: Array<{ token: string; body: Uint8Array }> = [];
  for (let e = 1; e <= EXPORTS; e++) {
    for (let i = 0; i < AGENTS; i++) {
      // Cumulative: the value after export e is e × 1,000 per series.
      const points = MODELS.flatMap((model) => KINDS.map((type) => ({ value: e * 1000, attrs: { type, model }, startMs: start, endMs: start + e * 60_000 })));
      const body = ProtobufMetricsSerializer.serializeRequest(sumExport('claude_code.token.usage', points, { resource: { 'service.name': 'claude-code', 'host.name': `ci-${i}` } }))!;
      jobs.push({ token: tokens[i]!, body }, { token: tokens[i]!, body });
    }
  }
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const t = performance.now();
        const res = await fetch(`${b.url}/v1/metrics`, { method: 'POST', headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/x-protobuf' }, body: new Uint8Array(job.body) });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (!res.ok) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  const [sum] = await b.db.all<{ n: number }>('SELECT SUM(input + output + cache_read + cache_write) AS n FROM usage_daily');
  const expected = AGENTS * MODELS.length * KINDS.length * EXPORTS * 1000;
  console.log(
    `${engine.padEnd(8)} ${jobs.length} exports (${jobs.length * 12} points, half of them resends) in ${seconds.toFixed(2)} s: ${(jobs.length / seconds).toFixed(0)} req/s; ` +
      `latency p50 ${q(0.5)} ms, p99 ${q(0.99)} ms; ${failed} failed; stored ${Number(sum!.n)} tokens, expected ${expected}${Number(sum!.n) === expected ? ' (exact)' : ' — MISMATCH'}`,
  );
  if (failed || Number(sum!.n) !== expected) process.exitCode = 1;
  await b.close();
}
stopPostgres();
