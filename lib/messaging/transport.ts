import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Envelope, RequestType } from './protocol';

/** The wire: every request is `(data) => Envelope`; the schemas on both ends give it its types. */
type WireProtocol = { [Type in RequestType]: (data: unknown) => Envelope };

const silent = { debug() {}, log() {}, warn() {}, error() {} };

/** Runtime messaging between the contexts. Nothing is logged: payloads carry email text. */
export const wire = defineExtensionMessaging<WireProtocol>({ logger: silent });
