import type { Envelope, RequestInput, RequestType, ResponseData } from './protocol';

/** A request the background refused or could not serve; `message` is fit to show the rep. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Send = (type: RequestType, data: unknown) => Promise<unknown>;

/**
 * Checks a client makes on its own side of the wire (lib/messaging/checks.ts has the protocol's).
 * The background checks every request on receipt and every response before it leaves, so these add
 * no safety: they fail a bad request before it travels. They carry the protocol's zod schemas, which
 * Gmail's content script leaves out to stay small.
 */
export interface ClientChecks {
  /** Why `data` is not a valid `type` request, or null when it is. */
  request(type: RequestType, data: unknown): string | null;
  /** The response as its schema reads it, or why it is out of protocol. */
  response(type: RequestType, value: unknown): { ok: true; value: unknown } | { ok: false; problem: string };
}

/** The typed client every context uses to reach the background. */
export class EmberClient {
  constructor(
    private readonly send: Send,
    private readonly checks: ClientChecks | null = null,
  ) {}

  async request<Type extends RequestType>(type: Type, data: RequestInput<Type>): Promise<ResponseData<Type>> {
    const problem = this.checks?.request(type, data) ?? null;
    if (problem !== null) throw new RequestError('invalid_request', `${type}: ${problem}`);
    const envelope = await this.send(type, data);
    if (!isEnvelope(envelope)) throw new RequestError('internal', `${type}: the background answered out of protocol`);
    if (!envelope.ok) throw new RequestError(envelope.error.code, envelope.error.message);
    if (this.checks === null) return envelope.value as ResponseData<Type>;
    const value = this.checks.response(type, envelope.value);
    if (!value.ok) throw new RequestError('internal', `${type}: ${value.problem}`);
    return value.value as ResponseData<Type>;
  }
}

function isEnvelope(answer: unknown): answer is Envelope {
  if (typeof answer !== 'object' || answer === null) return false;
  const { ok, error } = answer as { ok?: unknown; error?: { code?: unknown; message?: unknown } | null };
  if (ok === true) return true;
  return ok === false && typeof error?.code === 'string' && typeof error.message === 'string';
}
