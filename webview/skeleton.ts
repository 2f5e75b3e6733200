import { el } from './dom';
import { COST_LABEL } from '../src/shared/format';

/** The chart's ranges, as the segmented control offers them. */
export const RANGES = [7, 30, 90] as const;

/**
 * The panel's fixed structure, built once: every section has its final size before data arrives,
 * so nothing jumps when the first snapshot lands. The first screen of a 300 px sidebar holds the
 * glance — tier, today and the window's mean, progress with the gap, the daily curve with its tier
 * lines — and one short line on the team; everything that needs more words is below it (or in the
 * native Breakdown and Sources views, the badge's tooltip).
 */
export function buildSkeleton(root: HTMLElement): void {
  const range = el('div', { id: 'range', class: 'segmented', role: 'group', 'aria-label': 'Days shown in the chart' },
    ...RANGES.map((d) => el('vscode-toolbar-button', { toggleable: '', 'data-days': String(d), label: `${d} days` }, `${d}d`)));
  root.replaceChildren(
    el('section', { id: 'demo-banner', class: 'banner', role: 'note', hidden: '' },
      el('span', {}, el('strong', {}, 'Demo data'), ' — generated; never saved or reported.'),
      el('vscode-button', { id: 'exit-demo', secondary: '' }, 'Back to my data')),
    el('section', { class: 'card', 'aria-labelledby': 'tier-name' },
      el('div', { class: 'card-head' },
        el('span', { class: 'emblem', id: 'emblem', 'aria-hidden': 'true' }),
        el('h2', { id: 'tier-name' }, 'Token Tier'),
        el('span', { id: 'today', class: 'today' })),
      el('p', { id: 'tier-figures', class: 'figures' }, 'Reading agent logs…'),
      el('div', { id: 'progress', class: 'meter', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', 'aria-label': 'Progress to the next tier' },
        el('span', { class: 'fill' })),
      el('p', { id: 'progress-line', class: 'gap' }, ' '),
      el('p', { id: 'team-line', class: 'team-line' },
        el('span', { id: 'team-text' }),
        el('a', { href: '#', id: 'team-action' }, 'Share with your team…')),
      el('p', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' })),
    el('section', { class: 'curve', 'aria-labelledby': 'curve-h' },
      el('div', { class: 'section-head' }, el('h3', { id: 'curve-h' }, 'Daily tokens'), range),
      el('div', { class: 'chart-box' }, el('canvas', { id: 'daily-chart', role: 'img', 'aria-label': 'Daily tokens chart', 'aria-describedby': 'chart-summary' })),
      el('p', { id: 'chart-summary', class: 'value-line' }),
      el('details', { id: 'table-box' }, el('summary', {}, 'The curve as a table'),
        el('table', { id: 'daily-table', class: 'data' },
          el('caption', { class: 'visually-hidden' }, 'Tokens per day, newest first'),
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Date'), el('th', { scope: 'col' }, 'Counted'), el('th', { scope: 'col' }, 'All kinds'), el('th', { scope: 'col', title: COST_LABEL }, 'Est. $'))),
          el('tbody')))),
    el('section', { id: 'coach', class: 'coach', 'aria-labelledby': 'coach-h' },
      el('h3', { id: 'coach-h' }, 'Try this week'),
      el('p', { id: 'first-step', class: 'step-one' }),
      el('details', { id: 'coach-more' },
        el('summary', { id: 'coach-more-label' }, 'More: where you are, the next tier'),
        el('ol', { id: 'more-steps', class: 'steps' }),
        el('p', { id: 'coach-here' }),
        el('p', { id: 'coach-next' }),
        el('p', { id: 'recap', class: 'recap' }),
        el('p', { id: 'tier-change', class: 'hint', hidden: '' }))),
    el('section', { 'aria-labelledby': 'heat-h' },
      el('h3', { id: 'heat-h' }, 'When your agents work'),
      el('table', { id: 'heatmap', class: 'heatmap' },
        el('caption', { class: 'visually-hidden' }, 'Tokens by weekday and hour, last 4 weeks')),
      el('p', { id: 'smoothness' }, ' '),
      el('p', { class: 'hint' },
        'Smooth means the week’s tokens spread over its 168 hours — agents working nights and weekends — rather than one spike.')),
    el('section', { id: 'org', 'aria-labelledby': 'org-h', hidden: '' },
      el('h3', { id: 'org-h' }, 'Team (org-confirmed)'),
      el('p', { id: 'org-summary' }),
      el('table', { id: 'org-days', class: 'data' }),
      el('p', { id: 'org-admin-view', class: 'hint', hidden: '' }),
      el('p', { id: 'org-sync', class: 'hint' })),
    el('section', { id: 'org-usage', 'aria-labelledby': 'org-usage-h', hidden: '' },
      el('h3', { id: 'org-usage-h' }, 'Org-confirmed (org usage API)'),
      el('p', { id: 'org-usage-summary' }),
      el('table', { id: 'org-usage-days', class: 'data' }),
      el('p', { id: 'org-usage-why', class: 'hint' }),
      el('p', { id: 'org-usage-fresh', class: 'hint' })),
    el('p', { class: 'links hint' },
      'By agent and model, and where the logs are: the Breakdown and Sources views below. ',
      el('a', { href: '#', id: 'open-log' }, 'Open log')),
  );
}
