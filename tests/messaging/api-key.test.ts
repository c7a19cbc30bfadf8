import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { protocol, type RequestType } from '@/lib/messaging/protocol';
import { createRequestProcessor } from '@/lib/messaging/server';
import { testBackground } from '../helpers/fake-ports';
import { startStubServer, type StubServer } from '../llm/stub-server';

const ACCOUNT = 'sam@seller.com';
const SECRET = 'sk-live-0123456789abcdef';

/** Every property name a response can carry, from the protocol's own schemas. */
function propertyNames(node: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((child) => propertyNames(child, names));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object') {
        for (const name of Object.keys(value as object)) names.add(name);
      }
      propertyNames(value, names);
    }
  }
  return names;
}

describe('no message in the protocol can read the API key', () => {
  let stub: StubServer | undefined;
  afterEach(async () => {
    await stub?.close();
  });

  test('no response schema has a field for a key or secret', () => {
    const verbs = Object.keys(protocol) as RequestType[];
    expect(verbs.length).toBeGreaterThan(30);
    const names = new Set<string>();
    for (const verb of verbs) {
      propertyNames(z.toJSONSchema(protocol[verb].response, { unrepresentable: 'any', io: 'output' }), names);
    }
    expect(names).toContain('hasApiKey');
    const secretLike = /api_?key|secret|password|authori[sz]ation|bearer|credential|^key$|^token$/i;
    expect([...names].filter((name) => secretLike.test(name))).toEqual(['hasApiKey']);
  });

  test('with a key saved and a provider that echoes it in its errors, no answer contains it', async () => {
    // Hosted APIs quote the refused key in their error text; that text must not reach a page.
    stub = await startStubServer([{ status: 401, error: `Incorrect API key provided: ${SECRET}` }]);
    const { background, clock } = testBackground();
    const process = createRequestProcessor(background.handlers(), () => true);
    const ask = async (type: RequestType, data: Record<string, unknown> = {}) => {
      const envelope = await process(type, data, {});
      return JSON.stringify(envelope);
    };
    clock.set('2026-04-06T10:00:00Z');
    const answers = [
      await ask('saveDraftingSettings', {
        settings: { enabled: true, baseUrl: stub.baseUrl, model: 'stub', contextTokens: 6000 },
        apiKey: SECRET,
      }),
      await ask('createDeal', { account: ACCOUNT, id: 'acme', title: 'Acme', contacts: ['dana@acme.com'] }),
      await ask('ingestMessages', {
        account: ACCOUNT,
        messages: [
          { id: 'm1', thread: 't1', at: clock(), from: 'dana@acme.com', to: [ACCOUNT], subject: 'Hi', body: 'Talk?' },
        ],
      }),
    ];
    const queue = JSON.parse(await ask('getQueue', { account: ACCOUNT })) as { value: { trigger: { id: string } }[] };
    const trigger = queue.value[0]!.trigger.id;
    answers.push(
      await ask('getDraft', { account: ACCOUNT, trigger }),
      await ask('getDraft', { account: ACCOUNT, trigger, regenerate: true }),
      await ask('testDraftingProvider'),
      await ask('getDraftingSettings'),
      await ask('getSettings', { account: ACCOUNT }),
      await ask('listAccounts'),
      await ask('getDeal', { account: ACCOUNT, deal: 'acme' }),
      await ask('getDealForThread', { account: ACCOUNT, thread: 't1' }),
      await ask('getDashboard', { account: ACCOUNT }),
      await ask('getVoice', { account: ACCOUNT }),
      await ask('exportData', { account: ACCOUNT }),
    );
    expect(stub.requests.length).toBeGreaterThan(0);
    expect(stub.requests.every((request) => request.authorization === `Bearer ${SECRET}`)).toBe(true);
    for (const answer of answers) {
      expect(answer).toContain('"ok":');
      expect(answer).not.toContain(SECRET);
      expect(answer).not.toContain(SECRET.slice(-8));
    }
  });
});
