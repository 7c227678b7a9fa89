import { DeliveryError } from './channel.js';

/**
 * POSTs a JSON body and classifies the outcome: 2xx is delivered; 429, 5xx, timeouts and
 * network errors are retryable; other statuses are permanent (a wrong URL or a rejected payload
 * will not get better by trying again).
 */
export async function postJson(url: string, body: unknown, headers: Readonly<Record<string, string>>, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'logsift', ...headers }, body: JSON.stringify(body), signal: combined });
  } catch (err) {
    if (timeout.aborted) throw new DeliveryError(`no answer within ${timeoutMs} ms`, true);
    if (signal?.aborted === true) throw new DeliveryError('aborted', false);
    throw new DeliveryError(`request failed: ${(err as Error).message}`, true);
  }
  const text = await res.text().catch(() => '');
  if (res.ok) return;
  throw new DeliveryError(`HTTP ${res.status}${text === '' ? '' : `: ${text.slice(0, 200)}`}`, res.status === 429 || res.status >= 500);
}

/** `https://hooks.example.com/services/…` — scheme, host and the first path segment; the rest (tokens) masked. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    const first = u.pathname.split('/').filter((p) => p !== '')[0];
    return `${u.protocol}//${u.host}/${first === undefined ? '' : `${first}/`}…`;
  } catch {
    return '…';
  }
}
