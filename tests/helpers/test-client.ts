import type { BackgroundDeps } from '@/lib/background/background';
import { protocolChecks } from '@/lib/messaging/checks';
import { EmberClient } from '@/lib/messaging/client';
import { createRequestProcessor, type Sender } from '@/lib/messaging/server';
import { testBackground } from './fake-ports';

/**
 * A client wired to a real background over in-memory ports, as a page's would be over messaging.
 * `sender`: who the background sees asking (an extension page, to do what only those may).
 */
export function testClient(options: { deps?: Partial<BackgroundDeps>; sender?: Sender } = {}) {
  const harness = testBackground(options.deps);
  const process = createRequestProcessor(harness.background.handlers(), () => true);
  const sender = options.sender ?? {};
  const client = new EmberClient((type, data) => process(type, structuredClone(data), sender), protocolChecks);
  return { client, ...harness };
}
