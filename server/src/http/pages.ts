/** The company dashboard's page: static markup; data comes from the API with the admin token. */
export function dashboardHtml(): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Token Tier — team dashboard</title>
<link rel="stylesheet" href="/static/dashboard.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<header class="top"><h1>Token Tier <span id="team-name"></span></h1>
<p class="sub">AI adoption for enablement, not ranking: daily aggregates that developers chose to share.</p></header>
<form id="login" autocomplete="off">
  <label for="token">Admin token</label>
  <input id="token" type="password" placeholder="tt_…" required>
  <button type="submit" class="primary">Open dashboard</button>
  <p id="login-error" class="error" role="alert"></p>
</form>
<main id="dash" hidden>
  <section id="scope" class="scope" aria-label="What the page covers">
    <label class="field"><span>Team</span> <select id="scope-team"><option value="">All teams</option></select></label>
    <span class="range" role="group" aria-label="Days">
      <button type="button" data-days="7">7 days</button><button type="button" data-days="30">30 days</button><button type="button" data-days="90" aria-pressed="true">90 days</button><button type="button" id="scope-custom" aria-pressed="false" aria-expanded="false" aria-controls="scope-dates">Custom…</button>
    </span>
    <span id="scope-dates" class="dates" hidden>
      <label class="field"><span>From</span> <input id="scope-from" type="date"></label> <label class="field"><span>to</span> <input id="scope-to" type="date"></label> <button type="button" id="scope-apply" class="primary">Apply</button>
    </span>
    <span id="scope-error" class="error" role="alert"></span>
  </section>
  <p id="empty-state" hidden>No reports yet — add your first developer below and send them their token; their numbers appear here after their first sync.</p>
  <section id="headline" class="headline" aria-label="Headline figures">
    <div class="card"><h2>People reporting</h2><p class="big"><span id="reporting-count"></span><span class="of"> of <span id="people-count"></span></span></p><p id="reporting-share" class="hint"></p></div>
    <div class="card"><h2>Weekly active</h2><p id="active-share" class="big"></p><p id="active-change" class="hint"></p></div>
    <div class="card"><h2>At zero</h2><p id="zero-total" class="big"></p><p class="hint">reporting, no agent tokens in 7 days</p></div>
    <div class="card mix"><h2>Tier mix</h2><div id="headline-mix" class="tier-bar" role="img"></div><p id="headline-legend" class="legend"></p></div>
    <div class="card"><h2>Tokens/day · est. cost</h2><p class="big"><span id="tokens-day"></span><span class="of"> · <span id="cost-day"></span>/day</span></p><p id="fresh-cache" class="hint"></p><p id="cost-note" class="hint"></p></div>
  </section>
  <section id="teams-section"><h2>Teams side by side <span class="hint">— the team that needs help most comes first; pick one to see the page for it</span></h2>
    <table id="teams" class="data teams"></table>
    <p id="teams-note" class="hint"></p>
  </section>
  <section id="roster-section"><h2>Who needs help</h2>
    <p class="hint">Names are shown to admins only. This is the enablement to-do list, not a ranking.</p>
    <div class="two">
      <div><h3>Not reporting <span id="not-reporting-count" class="count"></span></h3><p class="hint">Never turned reporting on, or silent for 14 days.</p><table id="not-reporting" class="data grouped"></table></div>
      <div><h3>At zero <span id="zero-count" class="count"></span></h3><p class="hint">Reporting, but no agent tokens in the last 7 days.</p><table id="at-zero" class="data grouped"></table></div>
    </div>
  </section>
  <section id="moved-section"><h2>Who moved up</h2>
    <p id="moved-summary"></p>
    <p class="hint">Each week: people whose tier at the week's end is above (or below) their tier 4 weeks before; only people who had reported by then.</p>
    <div class="chart small"><canvas id="movement-chart" role="img" aria-label="People who moved up and down a tier, week by week"></canvas></div>
    <details><summary>Moved up and down, week by week (the chart as a table)</summary><table id="movement" class="data"></table></details>
    <h3>Tier shares, week by week</h3>
    <p class="hint">Each tier's share of the people at the end of each week, each on its own scale so the small top tiers read as clearly as the big ones.</p>
    <div id="tier-shares" class="multiples"></div>
    <details><summary>People per tier, week by week (the table behind the shares)</summary><div class="scroll-x"><table id="trend-tier-counts" class="data"></table></div></details>
  </section>
  <section><h2>Daily tokens, from the first report</h2><div class="chart"><canvas id="daily-chart" role="img" aria-label="Team tokens per day"></canvas></div></section>
  <section><h2>When the agents work (last 4 weeks)</h2><table id="heatmap" class="heatmap"></table>
    <p>Smoothness this week: <strong id="smoothness"></strong> <span class="hint">(1.0 = agents work evenly around the clock)</span></p>
    <details><summary>Smoothness and office hours, week by week</summary><table id="trend-weeks" class="data"></table></details>
    <p id="smoothness-definition" class="hint"></p></section>
  <p id="withheld" class="hint" hidden></p>
  <section class="two">
    <div><h2>Agent mix</h2><table id="agent-mix" class="data"></table><h3 id="top-tier-title"></h3><p id="top-withheld" class="hint" hidden></p><table id="top-agent-mix" class="data"></table></div>
    <div><h2>Model mix</h2><table id="model-mix" class="data"></table><h3 id="top-model-title">Among the top tier</h3><table id="top-model-mix" class="data"></table></div>
  </section>
  <section><h2>Agents per tier</h2><p class="hint">What people at each tier use (withheld for tiers of fewer than 5 people).</p><table id="tier-agents" class="data"></table></section>
  <section id="analytics-section" hidden><h2>Claude Code Analytics beside what developers reported</h2>
    <p id="analytics-summary"></p>
    <p class="hint">They differ for good reasons: Analytics counts every Claude Code session of the organisation's accounts, on any machine and in the cloud, by UTC day; Token Tier counts the machines whose developers turned reporting on, by each developer's local day. Days where reported is far below Analytics point at machines not reporting.</p>
    <table id="analytics" class="data"></table></section>
  <section id="org-by-person-section" hidden><h2>Org-reported beside locally reported, per person (30 days)</h2>
    <p class="hint">Each org API's count of a person's tokens beside what their reporting machines logged for the agents it covers, over the days the org API reported. Each line says why they differ; API-key traffic nobody linked to a person (link-identity) is in no one's line.</p>
    <table id="org-by-person" class="data"></table></section>
  <section id="devices-section" hidden><h2>Devices and how they report</h2>
    <p id="devices-summary"></p>
    <p class="hint">The extension reads an agent's local logs; agents in CI, on servers or without an editor send their own OpenTelemetry export. A machine doing both counts once: the extension's numbers win there.</p>
    <details><summary>Every device</summary><table id="devices" class="data"></table></details></section>
  <section id="leaderboard-section"><h2>Leaderboard</h2><p id="leaderboard-off" class="hint">Off: Token Tier is for enablement, not ranking. An admin can turn it on below.</p><table id="leaderboard" class="data"></table></section>
  <section><h2>Admin</h2>
    <label><input type="checkbox" id="leaderboard-toggle"> Show the leaderboard</label>
    <form id="add-person"><input id="person-name" placeholder="Name" required><input id="person-email" type="email" placeholder="email@company.com" required><button type="submit" class="primary">Add developer</button></form>
    <form id="add-team"><input id="team-new" placeholder="Team name" required maxlength="80"><button type="submit" class="primary">Add team</button> <span id="team-status" role="status"></span></form>
    <details id="people-box"><summary id="people-summary">People and their teams</summary><table id="people" class="data"></table></details>
    <details id="tokens-box"><summary id="tokens-summary">Tokens</summary>
      <p class="hint">A token stops working the moment it is revoked. Tokens are stored only as hashes, so none can be shown again: a developer who needs one gets a new one.</p>
      <table id="tokens" class="data"></table> <span id="tokens-status" role="status"></span></details>
    <p id="new-token" class="token"></p>
    <form id="guide-form">
      <h3>What each tier means here</h3>
      <p class="hint">Your own words and links (internal training, office hours, example workflows) replace Token Tier's built-in text for that tier in every developer's panel. Leave empty to keep the built-in text.</p>
      <label for="guide-tier">Tier</label> <select id="guide-tier"></select>
      <label for="guide-text">Text (up to 600 characters)</label><textarea id="guide-text" maxlength="600" rows="3"></textarea>
      <label for="guide-links">Links, one per line: label | https://…</label><textarea id="guide-links" rows="2" placeholder="Office hours | https://intranet.example/ai-office-hours"></textarea>
      <button type="submit" class="primary">Save tier text</button> <span id="guide-status" role="status"></span>
    </form>
  </section>
</main>
<dialog id="remove-dialog" aria-labelledby="remove-title">
  <h2 id="remove-title">Remove <span id="remove-who"></span>?</h2>
  <p>Their tokens stop working at once and they leave every list. What happens to the tokens they reported?</p>
  <div class="dialog-actions">
    <button type="button" id="remove-keep">Keep their rows in the totals, without their name</button>
    <button type="button" id="remove-delete" class="danger">Delete their rows too</button>
    <button type="button" id="remove-cancel" class="quiet">Cancel</button>
  </div>
  <p id="remove-error" class="error" role="alert"></p>
</dialog>
<script src="/static/dashboard.js"></script>
</body>
</html>`;
}


/** The tab's icon: a rising bar chart in the tier colours (served as /static/favicon.svg and /favicon.ico). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0d1117"/><rect x="6" y="19" width="5" height="7" rx="1" fill="#54aeff"/><rect x="13.5" y="13" width="5" height="13" rx="1" fill="#3fb950"/><rect x="21" y="6" width="5" height="20" rx="1" fill="#ab7df8"/></svg>`;
