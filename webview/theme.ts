import type { AgentId } from '../src/shared/tokens';

/** Reads a VS Code theme variable, with a fallback for when the host has not set it. */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export function agentColor(agent: AgentId): string {
  return agent === 'claude-code' ? cssVar('--vscode-charts-orange', '#d18616') : cssVar('--vscode-charts-blue', '#3794ff');
}

/** Calls `fn` when the user switches theme (VS Code swaps the body's theme classes). */
export function onThemeChange(fn: () => void): void {
  new MutationObserver(fn).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
}
