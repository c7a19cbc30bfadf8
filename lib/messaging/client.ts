import { describeIssue, fieldErrorMap } from '@/lib/domain/validation';
import { envelopeSchema, protocol, type RequestInput, type RequestType, type ResponseData } from './protocol';

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

/** The typed client every context uses to reach the background. */
export class EmberClient {
  constructor(private readonly send: Send) {}

  async request<Type extends RequestType>(type: Type, data: RequestInput<Type>): Promise<ResponseData<Type>> {
    const { request, response } = protocol[type];
    const checked = request.safeParse(data, { error: fieldErrorMap });
    if (!checked.success)
      throw new RequestError('invalid_request', `${type}: ${describeIssue(checked.error.issues[0]!)}`);
    const envelope = envelopeSchema.safeParse(await this.send(type, data));
    if (!envelope.success) throw new RequestError('internal', `${type}: the background answered out of protocol`);
    if (!envelope.data.ok) throw new RequestError(envelope.data.error.code, envelope.data.error.message);
    const value = response.safeParse(envelope.data.value);
    if (!value.success) throw new RequestError('internal', `${type}: ${describeIssue(value.error.issues[0]!)}`);
    return value.data as ResponseData<Type>;
  }
}
