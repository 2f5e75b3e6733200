import { el } from './dom';

/**
 * The panel's fixed structure, built once: every section has its final size before data arrives,
 * so nothing jumps when the first snapshot lands.
 */
export function buildSkeleton(root: HTMLElement): void {
  const rangeGroup = el('vscode-radio-group', { id: 'range', 'aria-label': 'Days shown' },
    el('vscode-radio', { value: '7', label: '7 days' }, '7d'),
    el('vscode-radio', { value: '30', label: '30 days' }, '30d'),
    el('vscode-radio', { value: '90', label: '90 days' }, '90d'));
  root.replaceChildren(
    el('section', { class: 'card', 'aria-labelledby': 'tier-name' },
      el('div', { class: 'emblem', id: 'emblem', 'aria-hidden': 'true' }),
      el('div', { class: 'card-text' },
        el('h2', { id: 'tier-name' }, 'Token Tier'),
        el('p', { id: 'tier-figures', class: 'figures' }, 'Reading agent logs…'),
        el('p', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' }))),
    el('section', { 'aria-labelledby': 'progress-h' },
      el('h3', { id: 'progress-h' }, 'Progress to the next tier'),
      el('vscode-progress-bar', { id: 'progress', value: '0', max: '100', 'aria-label': 'Progress to the next tier' }),
      el('p', {}, el('strong', { id: 'progress-pct' }, ' '), ' ', el('span', { id: 'progress-text' }, ' ')),
      el('p', { id: 'first-step', class: 'hint', hidden: '' },
        'Run Claude Code or Codex in a terminal — your first tokens appear here within seconds.')),
    el('section', { 'aria-labelledby': 'curve-h' },
      el('div', { class: 'section-head' }, el('h3', { id: 'curve-h' }, 'Daily tokens'), rangeGroup),
      el('div', { class: 'chart-box' }, el('canvas', { id: 'daily-chart', role: 'img', 'aria-label': 'Daily tokens chart' })),
      el('details', {}, el('summary', {}, 'Show as table'),
        el('table', { id: 'daily-table', class: 'data' },
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Date'), el('th', { scope: 'col' }, 'Counted'), el('th', { scope: 'col' }, 'All kinds'))),
          el('tbody')))),
    el('section', { 'aria-labelledby': 'heat-h' },
      el('h3', { id: 'heat-h' }, 'When your agents work'),
      el('table', { id: 'heatmap', class: 'heatmap', 'aria-label': 'Tokens by weekday and hour, last 4 weeks' }),
      el('p', { id: 'smoothness' }, ' '),
      el('p', { class: 'hint' },
        'Smooth means the week’s tokens spread evenly over its 168 hours — agents working nights and weekends — rather than one spike.')),
    el('section', { 'aria-labelledby': 'breakdown-h' },
      el('h3', { id: 'breakdown-h' }, 'Breakdown'),
      el('table', { id: 'by-agent', class: 'data' }),
      el('table', { id: 'by-model', class: 'data' })),
    el('section', { 'aria-labelledby': 'sources-h' },
      el('div', { class: 'section-head' },
        el('h3', { id: 'sources-h' }, 'Sources'),
        el('vscode-button', { id: 'refresh', secondary: '', 'aria-label': 'Refresh now' }, 'Refresh')),
      el('ul', { id: 'sources', class: 'sources' }),
      el('p', { id: 'skipped', class: 'hint' }),
      el('p', { id: 'empty', class: 'empty', hidden: '' }),
      el('p', { class: 'links' },
        el('a', { href: '#', id: 'add-folder' }, 'Add a log folder'), ' · ',
        el('a', { href: '#', id: 'open-log' }, 'Open log'))),
  );
}
