// Every call the console makes to the control API: same origin, the session cookie sent, the CSRF token echoed on
// changes, and the API's error body (code, message, fields) kept on the error so screens can show it.
import { fetchUtils, HttpError } from 'react-admin';

export function csrfToken(): string | null {
  const match = /(?:^|;\s*)pe_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]!) : null;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: { field: string; rule: string }[];
}

/** A id for this browser, kept in its storage: HMRC's fraud prevention headers name the device a submission came from. */
function deviceId(): string {
  const key = 'practice-engine-device-id';
  let id = localStorage.getItem(key);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(key, id);
  }
  return id;
}

/**
 * What HMRC's WEB_APP_VIA_SERVER connection method asks of the browser (Gov-Client-Screens, -Window-Size, -Timezone,
 * -Browser-JS-User-Agent, -Device-ID). The API adds what its edge sees and carries it with the staff action to HMRC.
 */
export function clientDevice(): string {
  return JSON.stringify({
    deviceId: deviceId(),
    browserJsUserAgent: navigator.userAgent,
    screens: [{ width: screen.width, height: screen.height, scalingFactor: window.devicePixelRatio || 1, colourDepth: screen.colorDepth }],
    windowSize: { width: window.innerWidth, height: window.innerHeight },
    timezoneOffsetMinutes: -new Date().getTimezoneOffset(),
  });
}

/** react-admin's fetchJson with our headers: used by the data provider and by every custom action. */
export function httpClient(url: string, options: fetchUtils.Options = {}) {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  const method = (options.method ?? 'GET').toUpperCase();
  const token = csrfToken();
  if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) {
    if (token) headers.set('X-CSRF-Token', token);
    headers.set('X-Client-Device', clientDevice());
  }
  return fetchUtils.fetchJson(url, { ...options, headers, credentials: 'same-origin' }).catch((err: unknown) => {
    // fetchJson puts the API's JSON body on err.body; make its message the one staff read.
    if (err instanceof HttpError && err.body && typeof err.body === 'object' && 'message' in err.body) {
      const body = err.body as ApiErrorBody;
      const fields = body.fields?.length ? ` (${body.fields.map((f) => `${f.field}: ${f.rule}`).join('; ')})` : '';
      throw new HttpError(`${body.message}${fields}`, err.status, body);
    }
    throw err;
  });
}

/** A JSON call to the API outside the data provider (actions, dashboard, imports). */
export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const isText = typeof init.body === 'string';
  const { json } = await httpClient(`/api${path}`, {
    method: init.method ?? 'GET',
    headers: new Headers({ Accept: 'application/json', ...(init.body === undefined ? {} : { 'Content-Type': isText ? 'text/plain' : 'application/json' }), ...init.headers }),
    body: init.body === undefined ? undefined : isText ? (init.body as string) : JSON.stringify(init.body),
  });
  return json as T;
}
