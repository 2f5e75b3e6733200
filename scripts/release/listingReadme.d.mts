/** The README text `text` with its links as the Marketplace shows them, pinned to git ref `ref`. */
export function listingReadme(manifest: { repository?: string | { url: string } }, text: string, ref: string): Promise<string>;
