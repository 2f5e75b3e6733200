import './zodSetup';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import './style.css';
import { HostMessageSchema } from '../src/shared/protocol';
import type { Snapshot } from '../src/shared/snapshot';
import { DailyChart } from './charts';
import { byId } from './dom';
import { renderSnapshot, renderStatus } from './render';
import { renderOrg } from './org';
import { renderOrgUsage } from './orgUsage';
import { buildSkeleton } from './skeleton';
import { onThemeChange } from './theme';
import { loadState, post, saveState } from './vscodeApi';

const state = loadState();
buildSkeleton(byId('app'));
const chart = new DailyChart(byId<HTMLCanvasElement>('daily-chart'));

function show(s: Snapshot): void {
  renderSnapshot(s, state.range);
  chart.render(s, state.range);
}

const range = byId('range');
for (const radio of range.querySelectorAll('vscode-radio')) if (radio.getAttribute('value') === String(state.range)) radio.setAttribute('checked', '');
range.addEventListener('change', (e) => {
  const v = Number((e.target as HTMLInputElement).value);
  if (v !== 7 && v !== 30 && v !== 90) return;
  state.range = v;
  saveState(state);
  if (state.snapshot) show(state.snapshot);
});
byId('refresh').addEventListener('click', () => post({ type: 'refresh' }));
byId('open-log').addEventListener('click', (e) => {
  e.preventDefault();
  post({ type: 'openLog' });
});
for (const id of ['add-folder', 'add-folder-link']) {
  byId(id).addEventListener('click', (e) => {
    e.preventDefault();
    post({ type: 'addFolder' });
  });
}
byId('show-demo').addEventListener('click', () => post({ type: 'showDemo' }));
byId('exit-demo').addEventListener('click', () => post({ type: 'exitDemo' }));
onThemeChange(() => state.snapshot && chart.render(state.snapshot, state.range));

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = HostMessageSchema.safeParse(event.data);
  if (!parsed.success) return; // not ours, or malformed: never rendered
  const msg = parsed.data;
  if (msg.type === 'org') return renderOrg(msg.org);
  if (msg.type === 'orgUsage') return renderOrgUsage(msg.usage);
  renderStatus(msg.status);
  if (msg.type === 'snapshot') {
    state.snapshot = msg.snapshot;
    saveState(state);
    show(msg.snapshot);
  }
});

// Shown at once from the saved state (no blank panel on re-show), then refreshed by the host.
if (state.snapshot) show(state.snapshot);
post({ type: 'ready' });
