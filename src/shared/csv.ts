/**
 * CSV for spreadsheets, from text that members, admins and logs set (model names, people's and
 * teams' names, the folders agents say they worked in): a cell a spreadsheet would run as a formula — one that starts with = + - @, a tab or a
 * carriage return — gets a leading ' (OWASP's CSV injection advice), so it opens as the text it is;
 * then RFC 4180 quoting. A cell that is just a number ("-12", "+7000") is a number, not a formula,
 * and stays one.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** One cell, neutralised and quoted as needed. */
export function csvCell(text: string): string {
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows of cells as a CSV document (LF line ends, a final newline). */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
