import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Send } from './client';
import type { Envelope, RequestType } from './protocol';
import { retryWhenWorkerStops } from './retry';

/** The wire: every request is `(data) => Envelope`; the schemas on both ends give it its types. */
type WireProtocol = { [Type in RequestType]: (data: unknown) => Envelope };

const silent = { debug() {}, log() {}, warn() {}, error() {} };

/** Runtime messaging between the contexts. Nothing is logged: payloads carry email text. */
export const wire = defineExtensionMessaging<WireProtocol>({ logger: silent });

/** How every context sends a request: over the wire, sent again if the worker stopped mid-request. */
export const sendRequest: Send = retryWhenWorkerStops((type, data) => wire.sendMessage(type, data));
