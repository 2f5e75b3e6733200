/**
 * The dashboard's one way to the API: the admin token lives in this tab's sessionStorage only
 * (never in a URL or a cookie), and every failure carries the server's status and reason.
 */
const KEY = 'tt-admin-token';
let token = sessionStorage.getItem(KEY) ?? '';

/** A refused or failed request: the HTTP status (0 when the server could not be reached) and its reason. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The token this tab uses; set by the login form, kept once the server accepted it. */
export const session = {
  get token(): string {
    return token;
  },
  use(t: string): void {
    token = t;
  },
  keep(): void {
    sessionStorage.setItem(KEY, token);
  },
  forget(): void {
    token = '';
    sessionStorage.removeItem(KEY);
  },
};

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError('the server could not be reached', 0);
  }
  const data = (await res.json().catch(() => ({}))) as { reason?: unknown };
  if (!res.ok) throw new ApiError(typeof data.reason === 'string' ? data.reason : res.statusText, res.status);
  return data as T;
}
