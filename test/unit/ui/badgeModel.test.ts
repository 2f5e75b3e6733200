import { test } from 'node:test';
import assert from 'node:assert/strict';
import { badgeModel } from '../../../src/ui/badgeModel';
import { emptySnapshot, expertSnapshot, NOW } from '../../fixtures/snapshots';
import { HOSTILE_REASON, markdownLive, markdownSeen } from '../../fixtures/hostileText';

test('the badge reads tier · today, with mean and progress in the tooltip, every figure with its unit', () => {
  const s = expertSnapshot();
  const m = badgeModel({ kind: 'ready', snapshot: s, fresh: true }, NOW + 2 * 60_000);
  assert.match(m.text, /^\$\(flame\) Expert · [\d.]+M today$/);
  assert.match(m.tooltip, /\*\*Token Tier — Expert\*\*/);
  assert.match(m.tooltip, /Mean \*\*[\d.]+M\*\* tokens\/day over the last 7 days · today \*\*[\d.]+M\*\* tokens/);
  assert.match(m.tooltip, /Architect needs 20.0M tokens\/day on average; you average [\d.]+M\. [\d.]+M\/day more for 7 days \([\d.]+M in total\) would get you there\./);
  // The progress sentence names the threshold; a second "Next threshold" line only repeated it.
  assert.doesNotMatch(m.tooltip, /Next threshold/);
  assert.match(m.tooltip, /Updated 2 min ago/);
  assert.equal(m.warning, false);
});

test('a stale snapshot says so; an error keeps the numbers and turns the badge to warning', () => {
  const s = expertSnapshot();
  assert.match(badgeModel({ kind: 'ready', snapshot: s, fresh: false }).tooltip, /From the last session; refreshing/);
  const err = badgeModel({ kind: 'error', snapshot: s, message: 'Scan failed: worker exited' });
  assert.equal(err.warning, true);
  assert.match(err.text, /Expert/);
  assert.match(markdownSeen(err.tooltip), /Scan failed: worker exited — showing the last good numbers/);
  const none = badgeModel({ kind: 'error', snapshot: undefined, message: 'Unknown time zone "Mars/Base"' });
  assert.equal(none.text, '$(warning) Token Tier');
  assert.match(markdownSeen(none.tooltip), /Unknown time zone "Mars\/Base"/);
});

test('zero tokens shows Not started (no "1/day" threshold), loading shows a spinner', () => {
  const empty = badgeModel({ kind: 'ready', snapshot: emptySnapshot(), fresh: true });
  assert.equal(empty.text, '$(circle-outline) Not started · 0 today');
  assert.doesNotMatch(empty.tooltip, /1\/day|\(1\)/);
  assert.match(empty.tooltip, /any use of an AI coding agent makes you a Beginner/);
  assert.equal(badgeModel({ kind: 'loading' }).text, '$(loading~spin) Token Tier');
});

test("a backend's or a log's text in the tooltip is text: no link, image or HTML but the badge's own commands", () => {
  const s = expertSnapshot();
  const own = (tags: string[]) => tags.filter((t) => !/href="command:tokenTier\.(showPanel|refresh|openLog)"/.test(t));
  const sync = { state: 'error' as const, queuedDays: 2, message: HOSTILE_REASON };
  const synced = badgeModel({ kind: 'ready', snapshot: s, fresh: true }, NOW, sync).tooltip;
  assert.deepEqual(own(markdownLive(synced)), []);
  assert.match(markdownSeen(synced), /Team: not synced \(Session expired\. \[Re-authenticate\] \(command:workbench/);
  for (const input of [
    { kind: 'error' as const, snapshot: s, message: HOSTILE_REASON },
    { kind: 'error' as const, snapshot: undefined, message: HOSTILE_REASON },
  ]) {
    const tip = badgeModel(input, NOW).tooltip;
    assert.deepEqual(own(markdownLive(tip)), [], tip);
    assert.match(markdownSeen(tip), /Session expired\./);
  }
});

test('the tooltip carries what the first screen has no room for: fresh beside cache, and the estimated cost', () => {
  const tip = markdownSeen(badgeModel({ kind: 'ready', snapshot: expertSnapshot(), fresh: true }, NOW).tooltip);
  assert.match(tip, /Fresh input and output [\d.]+[KM]\/day \(\d+%\) · cache reads [\d.]+M\/day/);
  assert.match(tip, /Est\. cost \$[\d.,]+ for 7 days \(\$[\d.,]+\/day\) · today \$[\d.,]+ — list-price estimate; subscriptions differ\./);
});
