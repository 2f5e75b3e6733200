/**
 * Text from outside — a team backend's `reason`, an org API's error, a log file's content or path,
 * a setting — is text, never markup. Every such string passes through one of these two helpers
 * before it reaches a notification, a quick pick, a tooltip's Markdown or a webview:
 *
 * - VS Code renders `[label](command:…)` in a notification as a link that runs the command with its
 *   arguments (`src/vs/base/common/linkedText.ts`, `LINK_REGEX`: `[label](https://|command:|file:…)`),
 *   and codicons `$(name)` in labels;
 * - a trusted `MarkdownString` (the badge's tooltip) renders links, images and HTML.
 */

/** The longest outside text shown anywhere; the log has the whole of it. */
export const MAX_OUTSIDE_TEXT = 300;

// C0/C1 controls and the bidirectional overrides and isolates that can make text read as something else.
// eslint-disable-next-line no-control-regex
const UNSEEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/**
 * `value` as one line of plain text: controls and direction overrides become spaces, runs of space
 * one, at most `max` characters (with "…"), and the two sequences VS Code turns into something
 * live in plain-text places — `](` (a link) and `$(` (an icon) — get a space inside, so they read
 * the same and do nothing.
 */
export function plainText(value: unknown, max = MAX_OUTSIDE_TEXT): string {
  const raw = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  let s = raw.replace(UNSEEN, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...s];
  if (chars.length > max) s = `${chars.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
  return s.replace(/\]\(/g, '] (').replace(/\$\(/g, '$ (');
}

/**
 * `value` as plain text inside Markdown (a `MarkdownString` built as a string, where
 * `appendText` cannot be used): every ASCII punctuation character is backslash-escaped, which
 * CommonMark allows for all of them, so no link, image, autolink, emphasis, HTML tag or theme icon
 * can form, and the text reads exactly as `plainText(value)`.
 */
export function markdownText(value: unknown, max = MAX_OUTSIDE_TEXT): string {
  return plainText(value, max).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}
