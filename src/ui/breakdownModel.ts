import type { BreakdownRow, Snapshot } from '../shared/snapshot';
import type { AgentId } from '../shared/tokens';
import { AGENT_LABELS } from '../shared/tokens';
import { COST_LABEL, costText, formatExact, formatShare, formatTokens } from '../shared/format';
import { markdownText, plainText } from '../shared/plainText';
import { AGENT_HUES } from '../shared/agentHues';

/**
 * One row of a native tree, as data (pure, so the trees are unit-tested without VS Code): the
 * label a screen reader reads first, a short description, a Markdown tooltip whose outside text
 * (model names, paths) is escaped, an icon, and what the row's context menu offers.
 */
export interface TreeRow {
  id: string;
  label: string;
  description?: string;
  /** Markdown (untrusted: no command links). */
  tooltip?: string;
  /** A codicon, with a theme colour id (`charts.orange`) when it carries one. */
  icon?: { id: string; color?: string };
  /** For `view/item/context` menus: `agent`, `folder`, `model`. */
  contextValue?: string;
  /** A folder this row stands for (reveal, open). */
  path?: string;
  /** A screen reader's whole sentence for the row, when label + description would read badly. */
  accessibility?: string;
  children?: TreeRow[];
  expanded?: boolean;
}

/** The breakdown view's title line: which window it covers. */
export function breakdownDescription(s: Snapshot): string {
  const total = s.byAgent.reduce((n, r) => n + r.total, 0);
  return `last ${s.windowDays} days · ${formatTokens(total)}${s.demo ? ' · demo' : ''}`;
}

/**
 * The window's tokens by agent, each with its models: "Claude Code — 12.3M · 64%", models under it
 * with their share of the window; the tooltip has the four kinds, reasoning and the estimated cost.
 */
export function breakdownRows(s: Snapshot): TreeRow[] {
  const all = s.byAgent.reduce((n, r) => n + r.total, 0);
  return s.byAgent
    .filter((r) => r.total > 0)
    .map((r) => {
      const models = s.byModel.filter((m) => m.agent === r.agent && m.total > 0);
      const share = formatShare(all > 0 ? r.total / all : 0);
      const name = AGENT_LABELS[r.agent];
      return {
        id: `agent:${r.agent}`,
        label: name,
        description: `${formatTokens(r.total)} · ${share}`,
        tooltip: kindsTooltip(name, r, s.windowDays, share),
        icon: { id: 'circle-filled', color: agentThemeColor(r.agent) },
        contextValue: 'agent',
        accessibility: `${name}: ${formatTokens(r.total)} tokens, ${share} of the last ${s.windowDays} days`,
        expanded: false,
        children: models.map((m) => {
          const mShare = formatShare(all > 0 ? m.total / all : 0);
          const model = plainText(m.model || 'unknown model', 80);
          return {
            id: `model:${r.agent}:${m.model}`,
            label: model,
            description: `${formatTokens(m.total)} · ${mShare}`,
            tooltip: kindsTooltip(`${name} · ${markdownText(m.model || 'unknown model', 120)}`, m, s.windowDays, mShare, true),
            icon: { id: 'symbol-misc' },
            contextValue: 'model',
            accessibility: `${model}: ${formatTokens(m.total)} tokens, ${mShare} of the last ${s.windowDays} days`,
          };
        }),
      };
    });
}

/**
 * The colour id of an agent's hue (package.json `contributes.colors`): the chart's hue, opaque in
 * every theme (Dark Modern's own `charts.orange` is translucent and reads as mud on a dot).
 */
export function agentThemeColor(agent: AgentId): string {
  const hue = AGENT_HUES[agent][0];
  return `tokenTier.agent${hue[0]!.toUpperCase()}${hue.slice(1)}`;
}

/** "**Claude Code** · last 7 days" and a table of the kinds; `escaped`: the title is already Markdown-safe. */
function kindsTooltip(title: string, r: BreakdownRow, days: number, share: string, escaped = false): string {
  const c = r.counts;
  const head = escaped ? title : markdownText(title);
  const rows = [
    ['Input (fresh)', c.input],
    ['Output', c.output],
    ['Cache read', c.cacheRead],
    ['Cache write', c.cacheWrite],
  ] as const;
  const lines = [
    `**${head}** — ${share} of the last ${days} days`,
    '',
    '| | tokens |',
    '|:--|--:|',
    ...rows.map(([k, v]) => `| ${k} | ${formatExact(v)} |`),
    `| **All four** | **${formatExact(r.total)}** |`,
  ];
  if (c.reasoning > 0) lines.push('', `Reasoning ${formatExact(c.reasoning)} (part of output).`);
  const usd = (c.costMicros ?? 0) / 1e6;
  lines.push('', `Est. ${costText(usd, c.unpriced ?? 0)} — ${COST_LABEL}.`);
  if ((c.unpriced ?? 0) > 0) lines.push('', `${formatExact(c.unpriced ?? 0)} tokens of models with no known price are left out of it.`);
  return lines.join('\n');
}
