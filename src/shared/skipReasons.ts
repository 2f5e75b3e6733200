/** Why a line, file or row was not counted (each shown to the user with its count). */
export type SkipReason =
  | 'invalid-json'
  | 'bad-timestamp'
  | 'bad-usage'
  | 'line-too-long'
  | 'file-too-large'
  | 'unknown-schema'
  | 'database-busy'
  | 'not-a-database';

/** How each reason reads, in the Sources view, the CLI and the log. */
export const SKIP_REASON_TEXT: Record<SkipReason | 'unreadable', string> = {
  'invalid-json': 'lines or files that are not valid JSON',
  'bad-timestamp': 'usage records without a valid timestamp',
  'bad-usage': 'usage records with malformed token counts or model names',
  'line-too-long': 'lines or rows longer than the 64 MiB limit',
  'file-too-large': 'JSON files larger than the 256 MiB limit',
  'unknown-schema': 'databases of a schema Token Tier does not know (yet)',
  'database-busy': 'databases that were being written on every try (read next time)',
  'not-a-database': 'files that are not SQLite databases',
  unreadable: 'files or folders that could not be read',
};
