import './zodSetup';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import './style.css';
import { HostMessageSchema } from '../src/shared/protocol';
import type { Snapshot } from '../src/shared/snapshot';
import { DailyChart } from './charts';
import { byId } from './dom';
import { renderSnapshot, renderStatus, renderTeamLine } from './render';
import { renderOrg } from './org';
import { renderOrgUsage } from './orgUsage';
import { buildSkeleton, RANGES } from './skeleton';
import { onThemeChange } from './theme';
import { loadState, post, saveState } from './vscodeApi';

const state = loadState();
buildSkeleton(byId('app'));
const chart = new DailyChart(byId<HTMLCanvasElement>('daily-chart'));

function show(s: Snapshot): void {
  renderSnapshot(s, state.range);
  chart.render(s, state.range);
}

/** The range switch: three toggles that act as one segmented control (one is always on). */
const toggles = [...byId('range').querySelectorAll<HTMLElement & { checked: boolean }>('vscode-toolbar-button')];
function markRange(): void {
  for (const t of toggles) {
    const on = Number(t.dataset.days) === state.range;
    t.checked = on;
    t.toggleAttribute('checked', on);
  }
}
markRange();
for (const t of toggles) {
  t.addEventListener('change', () => {
    const v = Number(t.dataset.days) as (typeof RANGES)[number];
    if (RANGES.includes(v)) state.range = v;
    markRange();
    saveState(state);
    if (state.snapshot) show(state.snapshot);
  });
}
byId('open-log').addEventListener('click', (e) => {
  e.preventDefault();
  post({ type: 'openLog' });
});
byId('team-action').addEventListener('click', (e) => {
  e.preventDefault();
  post({ type: byId('team-action').dataset.action === 'team' ? 'showTeamView' : 'shareWithTeam' });
});
byId('exit-demo').addEventListener('click', () => post({ type: 'exitDemo' }));
onThemeChange(() => state.snapshot && chart.render(state.snapshot, state.range));

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = HostMessageSchema.safeParse(event.data);
  if (!parsed.success) return; // not ours, or malformed: never rendered
  const msg = parsed.data;
  if (msg.type === 'org') {
    renderTeamLine(msg.org);
    return renderOrg(msg.org);
  }
  if (msg.type === 'orgUsage') return renderOrgUsage(msg.usage);
  renderStatus(msg.status);
  if (msg.type === 'snapshot') {
    state.snapshot = msg.snapshot;
    saveState(state);
    show(msg.snapshot);
  }
});

// Shown at once from the saved state (no blank panel on re-show), then refreshed by the host.
renderTeamLine(null);
if (state.snapshot) show(state.snapshot);
post({ type: 'ready' });
