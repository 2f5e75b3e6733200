/**
 * Splits `text` at `sep` into lines of at most `width` characters, each starting with `indent`;
 * a piece longer than a line stays whole on its own line.
 */
export function wrapAt(text: string, width: number, indent = '', sep = ' '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(sep)) {
    const next = line ? `${line}${sep}${part}` : part;
    if (line && indent.length + next.length > width) {
      lines.push(indent + line);
      line = part;
    } else line = next;
  }
  if (line) lines.push(indent + line);
  return lines;
}
