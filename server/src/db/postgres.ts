import pg from 'pg';
import type { Db } from './db';

// BIGINT arrives as a string by default; our counts stay below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** `?` placeholders → `$1, $2, …` (our SQL never has `?` inside literals). */
function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

/** The advisory lock key that setup (migrations, the first team) takes, held until its transaction ends. */
const SETUP_LOCK = 727_274_001;

function wrap(q: pg.Pool | pg.PoolClient, tx: Db['tx'], close: Db['close']): Db {
  return {
    kind: 'postgres',
    exec: async (sql) => void (await q.query(sql)),
    all: async <T>(sql: string, params: unknown[] = []) => (await q.query(numbered(sql), params)).rows as T[],
    run: async (sql, params = []) => (await q.query(numbered(sql), params)).rowCount ?? 0,
    tx,
    exclusive: (fn) =>
      tx(async (inner) => {
        await inner.exec(`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`);
        return fn(inner);
      }),
    close,
  };
}

/** PostgreSQL through a pool, when DATABASE_URL is set. */
export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('SELECT 1');
  const tx: Db['tx'] = async (fn) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const inner = wrap(client, (f) => f(inner), async () => undefined);
      const r = await fn(inner);
      await client.query('COMMIT');
      return r;
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    } finally {
      client.release();
    }
  };
  return wrap(pool, tx, () => pool.end());
}
