import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Every `--vscode-*` variable a real webview gets in VS Code's four default themes, read from the
 * Token Tier panel in code-server 4.139 (VS Code 1.139): Dark Modern (the default), Light Modern,
 * High Contrast and High Contrast Light. The panel tests render with exactly these.
 */
export type ThemeName = 'dark-modern' | 'light-modern' | 'hc-dark' | 'hc-light';
export const THEME_NAMES: ThemeName[] = ['dark-modern', 'light-modern', 'hc-dark', 'hc-light'];

export interface Theme {
  theme: string;
  bodyClass: string;
  kind: string;
  vars: Record<string, string>;
}

export const THEMES = Object.fromEntries(
  THEME_NAMES.map((n) => [n, JSON.parse(fs.readFileSync(path.join(__dirname, 'themes', `${n}.json`), 'utf8')) as Theme]),
) as Record<ThemeName, Theme>;
