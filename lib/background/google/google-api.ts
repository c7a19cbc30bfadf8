import { z } from 'zod';
import {
  BatchFormatError,
  encodeBatchRequest,
  newBoundary,
  parseBatchResponse,
  type BatchRequestPart,
} from './batch-format';
import {
  isRetryable,
  PACED_WINDOW_MS,
  QUOTA_UNITS,
  QuotaPacer,
  retryAfterMs,
  retryDelay,
  type FailedResponse,
  type PacerClock,
  type QuotaMethod,
  UNITS_PER_SECOND,
} from './pacing';

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

/** Google's error reasons and message in an error answer's body (any body: a proxy's HTML page has none). */
function reasonsIn(status: number, text: string): { reasons: string[]; message: string } {
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: no reasons.
  }
  const parsed = errorBodySchema.safeParse(json);
  const error = parsed.success ? parsed.data.error : undefined;
  const reasons = [...(error?.errors ?? []), ...(error?.details ?? [])].flatMap((entry) =>
    entry.reason ? [entry.reason] : [],
  );
  return { reasons, message: error?.message ?? `HTTP ${status}` };
}

export interface GoogleRequest<T> {
  api: 'gmail' | 'calendar';
  method: QuotaMethod;
  path: string;
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
}

/** One call of a batch: its answer, or why it has none. */
export type BatchResult<T> = { ok: true; value: T } | { ok: false; error: GoogleApiError };

/** Google advises at most 50 calls a batch (https://developers.google.com/gmail/api/guides/batch). */
export const MAX_BATCH = 50;

export interface GoogleApi {
  call<T>(request: GoogleRequest<T>): Promise<T>;
  /**
   * Up to MAX_BATCH calls of one API in one HTTP request; results in the order of `requests`.
   * Paced for the sum of the calls' units. Calls Google throttled or failed on its side are sent
   * again (those alone, with backoff); a call that fails otherwise, or answers the wrong shape, is
   * an `ok: false` result. Throws what `call` throws for the batch as a whole: ReconnectNeededError
   * when the token is refused after a refresh, GoogleApiError when the batch request itself fails.
   */
  batch<T>(requests: readonly GoogleRequest<T>[]): Promise<BatchResult<T>[]>;
}

/** The answer's JSON, checked with the request's schema. */
function checked<T>(request: GoogleRequest<T>, status: number, text: string): BatchResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: new GoogleApiError(status, [], `${request.method}: the answer is not JSON`) };
  }
  const parsed = request.schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    error: new GoogleApiError(
      status,
      [],
      `${request.method}: unexpected answer at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? ''}`,
    ),
  };
}

/** Google names each API's batch endpoint after its path: `gmail/v1/…` is batched at `batch/gmail/v1`. */
function batchEndpointOf(requests: readonly GoogleRequest<unknown>[]): Pick<GoogleRequest<unknown>, 'api' | 'path'> {
  const endpoints = requests.map((request) => {
    const match = /^\/?([^/]+)\/([^/]+)\//.exec(request.path);
    if (!match) throw new RangeError(`no API and version in ${request.path}`);
    return { api: request.api, path: `batch/${match[1]}/${match[2]}` };
  });
  const [first] = endpoints;
  if (!first || endpoints.some((other) => other.api !== first.api || other.path !== first.path)) {
    throw new RangeError('a batch holds calls of one API only');
  }
  return first;
}

const itemId = (index: number) => `item-${index}`;

export function createGoogleApi(deps: GoogleApiDeps): GoogleApi {
  const pacer = new QuotaPacer(deps.clock, UNITS_PER_SECOND, PACED_WINDOW_MS);

  const urlOf = (request: GoogleRequest<unknown>) => {
    const url = new URL(request.path, deps.baseUrl[request.api]);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    return url;
  };

  /**
   * One call's (or batch's) answer to a refused token: the token is dropped and the call made again
   * once; a second refusal means the rep must connect again.
   */
  const onRefusal = () => {
    let refreshed = false;
    return async (token: string) => {
      if (refreshed) throw new ReconnectNeededError();
      refreshed = true;
      await deps.tokens.drop(token);
    };
  };

  /** Waits before the next attempt after a throttled or failed answer; throws `error` when none is due. */
  const backOff = async (failure: FailedResponse, failures: number, error: () => GoogleApiError) => {
    const delay = retryDelay(failure, failures, deps.random, deps.clock.now());
    if (delay === null) throw error();
    await deps.clock.sleep(delay);
  };

  /** What a failed answer says about retrying it, and the error it is if it is not retried. */
  const failureOf = (response: Response, text: string, what: string) => {
    const { reasons, message } = reasonsIn(response.status, text);
    return {
      failure: { status: response.status, reasons, retryAfter: response.headers.get('retry-after') },
      error: () => new GoogleApiError(response.status, reasons, `${what}: ${message}`),
    };
  };

  return {
    async call<T>(request: GoogleRequest<T>): Promise<T> {
      const url = urlOf(request);
      const refused = onRefusal();
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
          const result = checked(request, response.status, await response.text());
          if (!result.ok) throw result.error;
          return result.value;
        }
        if (response.status === 401) {
          await response.body?.cancel();
          await refused(token);
          continue;
        }
        const { failure, error } = failureOf(response, await response.text().catch(() => ''), request.method);
        failures += 1;
        await backOff(failure, failures, error);
      }
    },

    async batch<T>(requests: readonly GoogleRequest<T>[]): Promise<BatchResult<T>[]> {
      if (requests.length > MAX_BATCH) {
        throw new RangeError(`a batch holds at most ${MAX_BATCH} calls, not ${requests.length}`);
      }
      if (requests.length === 0) return [];
      const endpoint = batchEndpointOf(requests);
      const batchUrl = new URL(endpoint.path, deps.baseUrl[endpoint.api]);
      const parts = requests.map((request, index): BatchRequestPart => {
        const url = urlOf(request);
        return {
          // A call keeps its id through every resend: the answer is matched to it by id alone.
          id: itemId(index),
          method: request.body === undefined ? 'GET' : 'POST',
          path: `${url.pathname}${url.search}`,
          ...(request.body === undefined
            ? {}
            : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request.body) }),
        };
      });
      const results = new Map<number, BatchResult<T>>();
      /** Indexes of the calls still without a result: all of them, then those to send again. */
      let pending = requests.map((_, index) => index);
      const refused = onRefusal();
      // Rounds that were throttled or failed: one backoff step each, however many calls failed.
      let failures = 0;
      for (;;) {
        await pacer.take(pending.reduce((sum, index) => sum + QUOTA_UNITS[requests[index]!.method], 0));
        const token = await deps.tokens.get({ interactive: false });
        const { contentType, body } = encodeBatchRequest(
          pending.map((index) => parts[index]!),
          newBoundary(deps.random),
        );
        const response = await deps.fetch(batchUrl, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
          body,
        });
        if (response.status === 401) {
          await response.body?.cancel();
          await refused(token);
          continue;
        }
        const text = await response.text().catch(() => '');
        if (!response.ok) {
          const { failure, error } = failureOf(response, text, 'batch');
          failures += 1;
          await backOff(failure, failures, error);
          continue;
        }
        let answers;
        try {
          answers = parseBatchResponse(response.headers.get('content-type'), text);
        } catch (error) {
          if (error instanceof BatchFormatError) {
            throw new GoogleApiError(response.status, [], `batch: unreadable answer: ${error.message}`);
          }
          throw error;
        }
        const byId = new Map(answers.map((answer) => [answer.id, answer]));
        const unauthorized: number[] = [];
        const retryable: { index: number; failure: FailedResponse; error: GoogleApiError }[] = [];
        for (const index of pending) {
          const request = requests[index]!;
          const answer = byId.get(itemId(index));
          if (!answer) {
            // Google answers every part; one missing is a fault on its side, so it is sent again.
            const failure = { status: 502, reasons: [], retryAfter: null };
            retryable.push({
              index,
              failure,
              error: new GoogleApiError(502, [], `${request.method}: no answer in the batch`),
            });
          } else if (answer.status >= 200 && answer.status < 300) {
            results.set(index, checked(request, answer.status, answer.body));
          } else if (answer.status === 401) {
            unauthorized.push(index);
          } else {
            const { reasons, message } = reasonsIn(answer.status, answer.body);
            const failure = { status: answer.status, reasons, retryAfter: answer.headers['retry-after'] ?? null };
            const error = new GoogleApiError(answer.status, reasons, `${request.method}: ${message}`);
            if (isRetryable(failure)) retryable.push({ index, failure, error });
            else results.set(index, { ok: false, error });
          }
        }
        // The token is the batch's: one refusal refreshes it for all, a second is final.
        if (unauthorized.length > 0) await refused(token);
        let again = unauthorized;
        if (retryable.length > 0) {
          failures += 1;
          const now = deps.clock.now();
          const waitOf = (failure: FailedResponse) => retryAfterMs(failure.retryAfter, now) ?? -1;
          // One wait for the round, long enough for the call that asked to wait longest.
          const longest = retryable.reduce((a, b) => (waitOf(b.failure) > waitOf(a.failure) ? b : a));
          const delay = retryDelay(longest.failure, failures, deps.random, now);
          if (delay === null) {
            for (const { index, error } of retryable) results.set(index, { ok: false, error });
          } else {
            await deps.clock.sleep(delay);
            again = [...again, ...retryable.map(({ index }) => index)];
          }
        }
        if (again.length === 0) return requests.map((_, index) => results.get(index)!);
        pending = again.sort((a, b) => a - b);
      }
    },
  };
}
