import { formatExact, formatTokens } from '../../src/shared/format';

/** The element with this id (the page's markup is fixed: server/src/http/pages.ts). */
export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/**
 * A cell: its text; or its text with a title shown on hover (a long name in full, an exact figure)
 * and what its CSV holds when not the text (the exact figure); or an element (a control, a bar).
 */
export type Cell = string | { text: string; title: string; csv?: string } | HTMLElement;

export function cell(tag: 'td' | 'th', c: Cell): HTMLElement {
  const e = document.createElement(tag);
  if (c instanceof HTMLElement) e.append(c);
  else {
    e.textContent = typeof c === 'string' ? c : c.text;
    if (typeof c !== 'string') {
      e.title = c.title;
      if (c.csv !== undefined) e.dataset.csv = c.csv;
    }
  }
  return e;
}

/** A token count as the rest of the page shows it (12M), exact on hover (12,000,000 tokens). */
export function tokensCell(n: number, sign = ''): Cell {
  return { text: `${sign}${formatTokens(n)}`, title: `${sign}${formatExact(n)} tokens`, csv: `${sign === '−' ? '-' : sign}${Math.round(n)}` };
}

/** Fills the table `id`: a head row, then a row per entry whose first cell is its row header. */
export function table(id: string, head: string[], rows: Cell[][]): void {
  const t = $(id);
  const thead = document.createElement('thead');
  const tr = document.createElement('tr');
  head.forEach((h) => tr.append(cell('th', h)));
  thead.append(tr);
  const tbody = document.createElement('tbody');
  for (const r of rows) {
    const row = document.createElement('tr');
    r.forEach((v, i) => row.append(cell(i === 0 ? 'th' : 'td', v)));
    tbody.append(row);
  }
  t.replaceChildren(thead, tbody);
}

/** A button of the page's own style. */
export function button(text: string, label: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = Object.assign(document.createElement('button'), { type: 'button', textContent: text, className });
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

/** Tables whose CSV is not their cells (group headings, bars): their rows, by table id. */
export const csvSources = new Map<string, string[][]>();
