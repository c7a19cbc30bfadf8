import { protocolChecks } from '@/lib/messaging/checks';
import { EmberClient } from '@/lib/messaging/client';
import { createRequestProcessor } from '@/lib/messaging/server';
import { testBackground } from './fake-ports';

/** A client wired to a real background over in-memory ports, as a page's would be over messaging. */
export function testClient() {
  const harness = testBackground();
  const process = createRequestProcessor(harness.background.handlers(), () => true);
  const client = new EmberClient((type, data) => process(type, structuredClone(data), {}), protocolChecks);
  return { client, ...harness };
}
