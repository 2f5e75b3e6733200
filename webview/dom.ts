/** Tiny DOM builder: text always goes through textContent, so data can never become markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} missing`);
  return e as T;
}

export function setText(id: string, text: string): void {
  byId(id).textContent = text;
}

/** A path that may break only after a separator (never inside a folder name), as nodes. */
export function pathNodes(path: string): Node[] {
  const out: Node[] = [];
  // Each folder name whole (a hyphen is a break opportunity too), a break allowed after each separator.
  for (const part of path.split(/(?<=[/\\])/)) out.push(el('span', { class: 'seg' }, part), document.createElement('wbr'));
  return out;
}
