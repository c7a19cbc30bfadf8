import { z } from 'zod';
import { QUOTA_UNITS, QuotaPacer, retryDelay, type PacerClock, type QuotaMethod } from './pacing';

/**
 * The background's one door to Google's REST APIs: every call is paced under the per-user quota,
 * carries the rep's token, refreshes it once on a 401, and backs off on throttling and server
 * errors (pacing.ts). Answers are checked with the caller's zod schema: Google's JSON is input
 * like any other. Only the background holds tokens; nothing here is reachable from a content script.
 */

export interface TokenSource {
  /** The current access token; `interactive` may show Google's consent screen. */
  get(options: { interactive: boolean }): Promise<string>;
  /** Forgets a token Google refused, so the next get() fetches a new one. */
  drop(token: string): Promise<void>;
}

export interface GoogleApiDeps {
  fetch: typeof fetch;
  tokens: TokenSource;
  clock: PacerClock;
  random: () => number;
  /** https://gmail.googleapis.com and https://www.googleapis.com in production; the fake's in tests. */
  baseUrl: { gmail: string; calendar: string };
}

/** Google refused the token twice: the rep must connect again. */
export class ReconnectNeededError extends Error {
  constructor() {
    super('Google no longer accepts Ember’s access: reconnect Google in Ember’s options.');
    this.name = 'ReconnectNeededError';
  }
}

/** A non-retryable answer (or the last of the retries), with Google's reason when it gave one. */
export class GoogleApiError extends Error {
  constructor(
    readonly status: number,
    readonly reasons: readonly string[],
    message: string,
  ) {
    super(message);
    this.name = 'GoogleApiError';
  }
}

const errorBodySchema = z
  .object({
    error: z
      .object({
        message: z.string().optional(),
        errors: z.array(z.object({ reason: z.string().optional() })).optional(),
        details: z.array(z.object({ reason: z.string().optional() })).optional(),
      })
      .optional(),
  })
  .passthrough();

async function reasonsOf(response: Response): Promise<{ reasons: string[]; message: string }> {
  const text = await response.text().catch(() => '');
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page): no reasons.
  }
  const parsed = errorBodySchema.safeParse(json);
  const error = parsed.success ? parsed.data.error : undefined;
  const reasons = [...(error?.errors ?? []), ...(error?.details ?? [])].flatMap((entry) =>
    entry.reason ? [entry.reason] : [],
  );
  return { reasons, message: error?.message ?? `HTTP ${response.status}` };
}

export interface GoogleRequest<T> {
  api: 'gmail' | 'calendar';
  method: QuotaMethod;
  path: string;
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
}

export interface GoogleApi {
  call<T>(request: GoogleRequest<T>): Promise<T>;
}

export function createGoogleApi(deps: GoogleApiDeps): GoogleApi {
  const pacer = new QuotaPacer(deps.clock);

  const urlOf = (request: GoogleRequest<unknown>) => {
    const url = new URL(request.path, deps.baseUrl[request.api]);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    return url;
  };

  return {
    async call<T>(request: GoogleRequest<T>): Promise<T> {
      const url = urlOf(request);
      let refreshed = false;
      // Throttled or failed answers so far; a refreshed token is not a backoff step.
      let failures = 0;
      for (;;) {
        await pacer.take(QUOTA_UNITS[request.method]);
        const token = await deps.tokens.get({ interactive: false });
        const response = await deps.fetch(url, {
          method: request.body === undefined ? 'GET' : 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        });
        if (response.ok) {
          const json: unknown = await response.json();
          const parsed = request.schema.safeParse(json);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new GoogleApiError(
              response.status,
              [],
              `${request.method}: unexpected answer at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? ''}`,
            );
          }
          return parsed.data;
        }
        if (response.status === 401) {
          await response.body?.cancel();
          if (refreshed) throw new ReconnectNeededError();
          refreshed = true;
          await deps.tokens.drop(token);
          continue;
        }
        const { reasons, message } = await reasonsOf(response);
        failures += 1;
        const delay = retryDelay(
          { status: response.status, reasons, retryAfter: response.headers.get('retry-after') },
          failures,
          deps.random,
          deps.clock.now(),
        );
        if (delay === null) throw new GoogleApiError(response.status, reasons, `${request.method}: ${message}`);
        await deps.clock.sleep(delay);
      }
    },
  };
}
