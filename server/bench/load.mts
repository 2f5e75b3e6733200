/**
 * `npm run bench:server`: 200 simulated developers each sync 90 days (3 agent×model rows a day,
 * in 3 gzip batches of 30 days) to a real backend on loopback, 25 at a time; prints throughput
 * and latency for SQLite and, when Debian's PostgreSQL is installed, PostgreSQL. Bounded: 600
 * requests per engine, loopback only.
 */
import { gzipSync } from 'node:zlib';
import { createTeam, addPerson } from '../src/teams.ts';
import { startBackend, stopPostgres, ENGINES } from '../test/harness.ts';

const DEVELOPERS = 200;
const DAYS = 90;
const DAYS_PER_BATCH = 30;
const CONCURRENCY = 25;

/** A day's total over 24 whole hours, as the ingest contract asks (the hours sum to the row's total). */
function spread(total: number): number[] {
  const hours = new Array<number>(24).fill(Math.floor(total / 24));
  hours[23] = hours[23]! + total - hours[0]! * 24;
  return hours;
}

function rowsFor(dev: number, from: number, to: number) {
  const rows = [];
  for (let d = from; d < to; d++) {
    const date = new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);
    for (const [agent, model] of [['claude-code', 'claude-sonnet-4-5'], ['claude-code', 'claude-opus-4-1'], ['codex', 'gpt-5.1-codex']]) {
      const n = 1000 + dev * 10 + d;
      rows.push({ date, timezone: 'UTC', deviceId: `device-${String(dev).padStart(4, '0')}`, agent, model, input: n, output: n, cacheRead: n * 20, cacheWrite: n, reasoning: 0, hourly: spread(23 * n) });
    }
  }
  return rows;
}

for (const engine of ENGINES) {
  let b;
  try {
    b = await startBackend(engine);
  } catch (e) {
    console.log(`${engine}: skipped (${(e as Error).message})`);
    continue;
  }
  const { adminToken } = await createTeam(b.db, 'Load');
  const tokens: string[] = [];
  for (let i = 0; i < DEVELOPERS; i++) tokens.push((await addPerson(b.db, 1, `Dev ${i}`, `dev${i}@example.com`)).token);
  const jobs: Array<{ token: string; body: Buffer; rows: number }> = [];
  for (let i = 0; i < DEVELOPERS; i++) {
    for (let from = 0; from < DAYS; from += DAYS_PER_BATCH) {
      const rows = rowsFor(i, from, from + DAYS_PER_BATCH);
      jobs.push({ token: tokens[i]!, body: gzipSync(JSON.stringify({ rows })), rows: rows.length });
    }
  }
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  let firstFailure = '';
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const t = performance.now();
        const res = await fetch(`${b.url}/api/v1/usage/daily`, { method: 'POST', headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: new Uint8Array(job.body) });
        const text = await res.text();
        latencies.push(performance.now() - t);
        if (!res.ok) {
          failed++;
          firstFailure ||= `${res.status} ${text.slice(0, 200)}`;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const totalRows = jobs.reduce((s, j) => s + j.rows, 0);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  const [check] = await b.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM usage_daily');
  console.log(
    `${engine.padEnd(8)} ${jobs.length} requests, ${totalRows} rows in ${seconds.toFixed(2)} s: ${(jobs.length / seconds).toFixed(0)} req/s, ${(totalRows / seconds).toFixed(0)} rows/s; ` +
      `latency p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${latencies.at(-1)!.toFixed(1)} ms; ${failed} failed; ${Number(check!.n)} rows stored`,
  );
  if (failed) {
    console.log(`${engine.padEnd(8)} first refusal: ${firstFailure}`);
    process.exitCode = 1;
  }
  const t = performance.now();
  const res = await fetch(`${b.url}/api/v1/team/summary`, { headers: { authorization: `Bearer ${adminToken}` } });
  const summary = (await res.json()) as { people: number };
  console.log(`${engine.padEnd(8)} dashboard summary of the ${summary.people} developers answered in ${(performance.now() - t).toFixed(1)} ms`);
  await b.close();
}
stopPostgres();
