import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_IDS } from '../../../src/shared/tokens';
import { dailyJson } from '../../../src/core/daily';
import { withHome } from '../../fixtures/tempHome';
import { RECORD_TOTAL, writeRecord } from '../../fixtures/oneRecord';

/**
 * Every agent's day is the local day, in the chosen zone, of each response's own timestamp:
 * never the UTC date, a file's date or a session's start.
 */
for (const agent of AGENT_IDS) {
  test(`${agent}: days follow each response's own time in a +05:30 zone and across a DST change`, () =>
    withHome(async (h) => {
      // 19:00 UTC on the 20th is 00:30 on the 21st in Kolkata.
      writeRecord(agent, h.home, Date.parse('2026-11-20T19:00:00Z'), 1);
      // New York left daylight time at 06:00 UTC on 1 November: 04:30 UTC on the 2nd is 23:30 on the 1st (EST),
      // and 03:30 UTC on 31 October is 23:30 on the 30th (EDT).
      writeRecord(agent, h.home, Date.parse('2026-11-02T04:30:00Z'), 2);
      writeRecord(agent, h.home, Date.parse('2026-10-31T03:30:00Z'), 3);
      const rows = (await h.scan()).rows;
      const days = (tz: string) => dailyJson(rows, tz).days.map((d) => [d.date, d.total]);
      assert.deepEqual(days('Asia/Kolkata'), [['2026-10-31', RECORD_TOTAL], ['2026-11-02', RECORD_TOTAL], ['2026-11-21', RECORD_TOTAL]]);
      assert.deepEqual(days('America/New_York'), [['2026-10-30', RECORD_TOTAL], ['2026-11-01', RECORD_TOTAL], ['2026-11-20', RECORD_TOTAL]]);
      assert.deepEqual(days('UTC'), [['2026-10-31', RECORD_TOTAL], ['2026-11-02', RECORD_TOTAL], ['2026-11-20', RECORD_TOTAL]]);
    }));
}
