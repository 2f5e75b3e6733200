import type { Db } from './db/db';

/** Whether a removed person's rows go with them or stay in the organisation's totals. */
export type RowsChoice = 'keep' | 'delete';

/** The person-keyed tables (besides `people` and `tokens`) and what removing keeps of each. */
const DELETED_EITHER_WAY = ['org_identities', 'otlp_series'];
const DELETED_WITH_ROWS = ['usage_daily', 'otlp_daily', 'org_usage_daily', 'devices'];

/**
 * Removes a person from the organisation, in one transaction: their tokens stop at once and their
 * linked identities go. `delete`: their rows go too and nothing of them stays. `keep`: their daily
 * rows stay in the organisation's (and their team's) totals, but the person row keeps neither name
 * nor email (the email is free to be added again) and they are on no list, roster or count.
 * False when no such person is in this organisation.
 */
export async function removePerson(db: Db, teamId: number, personId: number, rows: RowsChoice): Promise<boolean> {
  return db.tx(async (t) => {
    const found = await t.all('SELECT 1 FROM people WHERE id = ? AND team_id = ? AND removed_at IS NULL', [personId, teamId]);
    if (!found.length) return false;
    await t.run('DELETE FROM tokens WHERE person_id = ?', [personId]);
    for (const table of rows === 'delete' ? [...DELETED_EITHER_WAY, ...DELETED_WITH_ROWS] : DELETED_EITHER_WAY) await t.run(`DELETE FROM ${table} WHERE person_id = ?`, [personId]);
    if (rows === 'delete') await t.run('DELETE FROM people WHERE id = ?', [personId]);
    else await t.run("UPDATE people SET name = 'Removed person', email = ?, removed_at = ? WHERE id = ?", [`removed-${personId}@removed.invalid`, new Date().toISOString(), personId]);
    return true;
  });
}
