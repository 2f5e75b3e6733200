// The README as the listings show it. vsce rewrites it while it packages the .vsix: a relative link
// becomes https://github.com/OWNER/REPO/blob/REF/path, a relative image …/raw/REF/path (so screenshots
// in the repository show on the Marketplace without shipping in the .vsix), `#123` a link to the
// issue; an SVG image, an http: image or an <svg> tag is refused. npm's page gets the same text.
import { createRequire } from 'node:module';

const { ReadmeProcessor } = createRequire(import.meta.url)('@vscode/vsce/out/package.js');

/** The README text `text` with its links as the Marketplace shows them, pinned to git ref `ref`. */
export async function listingReadme(manifest, text, ref) {
  const file = await new ReadmeProcessor(manifest, { githubBranch: ref }).processFile({ path: 'README.md', contents: Buffer.from(text) });
  return file.contents.toString('utf8');
}
