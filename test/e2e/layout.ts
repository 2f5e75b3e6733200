import type { Page } from 'playwright-core';

/**
 * What a reader meets as broken layout, measured in the page: elements that stick out of the
 * viewport, and words split across two lines.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw + 1) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
    for (const e of Array.from(document.querySelectorAll('#app *'))) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || (e as HTMLElement).closest('[hidden], details:not([open]) > :not(summary)')) continue;
      // Content clipped by an ancestor (an ellipsis) is not sticking out.
      let clip: Element | null = e.parentElement;
      while (clip && clip.id !== 'app' && getComputedStyle(clip).overflowX === 'visible') clip = clip.parentElement;
      const bound = clip && clip.id !== 'app' ? Math.min(vw, clip.getBoundingClientRect().right) : vw;
      if (r.left < -1 || (r.right > bound + 1 && (!clip || clip.id === 'app'))) problems.push(`${e.tagName.toLowerCase()}#${e.id}.${e.className} spans ${Math.round(r.left)}–${Math.round(r.right)} of ${vw}`);
    }
    const walker = document.createTreeWalker(document.getElementById('app')!, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      const parent = n.parentElement!;
      if (!parent.getClientRects().length || parent.closest('[hidden], details:not([open]) > :not(summary)')) continue;
      // Long paths may break anywhere by design (they say so with overflow-wrap); words may not.
      if (getComputedStyle(parent).overflowWrap === 'anywhere') continue;
      // A line may end after a hyphen ("well-" / "specified"), as in print; never elsewhere in a word.
      for (const m of text.matchAll(/[^\s-]+-?/g)) {
        const range = document.createRange();
        range.setStart(n, m.index!);
        range.setEnd(n, m.index! + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).filter((x) => x.width > 0).map((x) => Math.round(x.top)));
        if (tops.size > 1) problems.push(`word broken across lines: "${m[0]}" in ${parent.tagName.toLowerCase()}.${parent.className}`);
      }
    }
    return problems;
  });
}

/** Pixels drawn (alpha > 0) on the canvas with this id: whether a chart drew anything. */
export function drawnPixels(page: Page, canvasId: string): Promise<number> {
  return page.evaluate((id) => {
    const c = document.getElementById(id) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  }, canvasId);
}

/**
 * Elements whose right edge passes a `width`-px window (what makes a page scroll sideways). What is
 * inside a box that scrolls on its own (`.scroll-x`: a table with a column per tier) may be wider;
 * the box itself may not.
 */
export function stickingOut(page: Page, width: number): Promise<string[]> {
  return page.evaluate((w) => Array.from(document.querySelectorAll('body *')).filter((e) => !e.parentElement?.closest('.scroll-x') && e.getBoundingClientRect().right > w + 1).map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`), width);
}
