import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stub does with each chat-completions request, in order; the last repeats. */
export type StubStep =
  { answer: unknown; model?: string } | { status: number; error: string } | { rawContent: string } | { hang: true };

export interface StubServer {
  baseUrl: string;
  requests: { body: Record<string, unknown>; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** A local OpenAI-compatible server (node:http on 127.0.0.1) that answers as the test scripts it. */
export async function startStubServer(steps: StubStep[]): Promise<StubServer> {
  const requests: StubServer['requests'] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    // Extension pages and workers call from their own origin: answer CORS as hosted APIs do.
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('access-control-allow-headers', '*');
    response.setHeader('access-control-allow-methods', 'POST, GET, OPTIONS');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      requests.push({ body, authorization: request.headers.authorization });
      const step = steps[Math.min(requests.length - 1, steps.length - 1)]!;
      if ('hang' in step) {
        hanging.push(response);
        return;
      }
      if ('status' in step) {
        response.writeHead(step.status, { 'content-type': 'application/json', 'retry-after-ms': '10' });
        response.end(JSON.stringify({ error: { message: step.error, type: 'invalid_request_error' } }));
        return;
      }
      const content = 'rawContent' in step ? step.rawContent : JSON.stringify(step.answer);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'chatcmpl-stub',
          object: 'chat.completion',
          created: 0,
          model: 'model' in step && step.model ? step.model : String(body.model),
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        hanging.forEach((response) => response.destroy());
        server.close(() => resolve());
      }),
  };
}
