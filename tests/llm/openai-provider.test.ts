import { afterEach, describe, expect, test } from 'vitest';
import { writeDraft } from '@/lib/domain/drafting/write-draft';
import { createOpenAiProvider } from '@/lib/llm/openai-provider';
import { contextFor } from '../drafting/context';
import { startStubServer, type StubServer, type StubStep } from './stub-server';

const good = {
  subject: 'Re: Recap and next steps',
  body: 'Hi Dana,\n\nYes, the export can run nightly. I will set it up with Lee.\n\nBest,\nSam',
  reason: 'Dana confirmed the recap and asked about the export.',
  factsUsed: ['m5'],
  questions: [],
};

let server: StubServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function draftAgainst(steps: StubStep[], timeoutMs = 2_000) {
  server = await startStubServer(steps);
  const provider = createOpenAiProvider({
    baseUrl: server.baseUrl,
    apiKey: 'sk-test',
    model: 'stub-model',
    timeoutMs,
    maxRetries: 1,
  });
  return writeDraft(contextFor('reply'), provider);
}

describe('the OpenAI-compatible provider (real openai client, local stub server)', () => {
  test('a good structured answer becomes the draft; the request asked for the JSON schema', async () => {
    const draft = await draftAgainst([{ answer: good }]);
    expect(draft).toMatchObject({ source: 'provider', body: good.body, factsUsed: ['m5'], note: null });
    const [request] = server!.requests;
    expect(request!.authorization).toBe('Bearer sk-test');
    expect(request!.body).toMatchObject({ model: 'stub-model', response_format: { type: 'json_schema' } });
    expect((request!.body.messages as { role: string }[]).map((message) => message.role)).toEqual(['system', 'user']);
  });

  test('a server without JSON-schema support is asked again in JSON mode', async () => {
    const draft = await draftAgainst([
      { status: 400, error: "Unsupported value: 'response_format.type' json_schema" },
      { answer: good },
    ]);
    expect(draft.source).toBe('provider');
    expect(server!.requests.map((request) => (request.body.response_format as { type: string }).type)).toEqual([
      'json_schema',
      'json_object',
    ]);
  });

  test('a 429 is retried with backoff, then succeeds', async () => {
    const draft = await draftAgainst([{ status: 429, error: 'rate limited' }, { answer: good }]);
    expect(draft.source).toBe('provider');
    expect(server!.requests).toHaveLength(2);
  });

  test.each<[string, StubStep[], string]>([
    [
      'a 500 that persists',
      [{ status: 500, error: 'boom' }],
      'The drafting provider failed (it answered with a server error (500))',
    ],
    [
      'malformed JSON',
      [{ rawContent: '{"subject": "Re' }],
      'The drafting provider failed (its answer was not valid JSON)',
    ],
    [
      'an answer that is not a draft',
      [{ answer: { text: 'hello' } }],
      'The drafting provider failed (its answer was not a valid draft)',
    ],
    ['a refused key', [{ status: 401, error: 'bad key' }], 'The drafting provider failed (it refused the API key)'],
  ])('%s ends in the template draft, saying so', async (_case, steps, note) => {
    const draft = await draftAgainst(steps);
    expect(draft.source).toBe('template');
    expect(draft.body).toMatch(/^Hi Dana,/);
    expect(draft.note).toBe(`${note}, so this is Ember's template draft.`);
  });

  test('a timeout ends in the template draft, saying so', async () => {
    const draft = await draftAgainst([{ hang: true }], 300);
    expect(draft).toMatchObject({
      source: 'template',
      note: "The drafting provider failed (it timed out), so this is Ember's template draft.",
    });
  });

  test('"Test connection" reports what the server said', async () => {
    server = await startStubServer([{ answer: 'ready', model: 'llama3:8b' }]);
    expect(
      await createOpenAiProvider({ baseUrl: server.baseUrl, apiKey: null, model: 'llama3', maxRetries: 0 }).check(),
    ).toEqual({
      ok: true,
      message: 'Connected: llama3:8b answered.',
    });
    expect(server.requests[0]!.authorization).toBe('Bearer no-key');
    const refused = await startStubServer([{ status: 404, error: 'model not found' }]);
    expect(
      await createOpenAiProvider({ baseUrl: refused.baseUrl, apiKey: null, model: 'nope', maxRetries: 0 }).check(),
    ).toEqual({
      ok: false,
      message: 'The provider could not be used: it does not know that model or URL.',
    });
    await refused.close();
  });
});
