import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startStubServer, type StubServer } from '../llm/stub-server';
import { fixturePath } from '../helpers/scenario';
import { datamark } from '@/lib/domain/drafting/datamark';

/** Runs the command without blocking this process, which may be serving the stub provider. */
function draftCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'draft', '--', ...args], {
      env: { ...process.env, EMBER_LLM_BASE_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let server: StubServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('npm run draft', () => {
  test("prints the template draft for the deal's most urgent open trigger, with the exact prompt", async () => {
    const { status, stdout, stderr } = await draftCli([fixturePath('seed-walkthrough.json'), 'globex']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const draft = JSON.parse(stdout) as Record<string, unknown> & { prompt: { system: string; user: string } };
    expect(Object.keys(draft).sort()).toEqual([
      'body',
      'cc',
      'factsUsed',
      'kind',
      'needsReason',
      'prompt',
      'questions',
      'reason',
      'source',
      'subject',
      'to',
      'warnings',
    ]);
    expect(draft).toMatchObject({
      kind: 'book_meeting',
      subject: 'Re: Globex and Ember',
      to: ['kim@globex.io'],
      cc: [],
      source: 'template',
      factsUsed: ['g1'],
      warnings: ["No drafting provider is set up, so this is Ember's template draft."],
    });
    expect(draft.body).toContain('- Tue, Apr 21, 10:00–10:30 EDT');
    expect(draft.prompt.user).toContain(datamark('Sounds useful, what would a pilot look like?'));
  });

  test('with EMBER_LLM_BASE_URL, drafts through that provider with the same prompt', async () => {
    server = await startStubServer([
      {
        answer: {
          subject: 'Pilot',
          body: 'Hi Kim,\n\nA pilot takes two weeks.\n\nBest,\nSam',
          reason: 'Kim asked',
          factsUsed: ['g1'],
          questions: [],
        },
      },
    ]);
    const { status, stdout } = await draftCli([fixturePath('seed-walkthrough.json'), 'globex'], {
      EMBER_LLM_BASE_URL: server.baseUrl,
      EMBER_LLM_API_KEY: 'sk-cli',
      EMBER_LLM_MODEL: 'stub',
    });
    expect(status).toBe(0);
    const draft = JSON.parse(stdout) as { source: string; body: string; prompt: { system: string; user: string } };
    expect(draft).toMatchObject({ source: 'provider', body: 'Hi Kim,\n\nA pilot takes two weeks.\n\nBest,\nSam' });
    const messages = server.requests[0]!.body.messages as { content: string }[];
    expect(messages.map((message) => message.content)).toEqual([draft.prompt.system, draft.prompt.user]);
  });

  test('a follow-up with nothing new asks for a reason, and --reason gives it one', async () => {
    // A deal that went quiet after the rep's last message: the quiet trigger is all it has open.
    const scenario = {
      me: ['sam@emberseller.com'],
      timezone: 'America/New_York',
      events: [
        {
          at: '2026-03-02T14:00:00Z',
          type: 'deal',
          id: 'quiet',
          title: 'Quiet Co',
          stage: 'contact',
          contacts: ['kim@quiet.io'],
        },
        {
          at: '2026-03-02T14:05:00Z',
          type: 'message',
          id: 'q1',
          thread: 'tq',
          from: 'kim@quiet.io',
          to: ['sam@emberseller.com'],
          subject: 'Pilot',
          text: 'Send me the pilot plan.',
        },
        {
          at: '2026-03-02T15:00:00Z',
          type: 'message',
          id: 'q2',
          thread: 'tq',
          from: 'sam@emberseller.com',
          to: ['kim@quiet.io'],
          subject: 'Re: Pilot',
          text: 'Here is the pilot plan.',
        },
        { at: '2026-03-20T15:00:00Z', type: 'tick' },
      ],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'ember-draft-cli-')), 'quiet.json');
    writeFileSync(file, JSON.stringify(scenario));
    const asked = JSON.parse((await draftCli([file, 'quiet'])).stdout) as {
      kind: string;
      needsReason: boolean;
      body: string;
    };
    expect(asked).toMatchObject({ kind: 'follow_up', needsReason: true, body: '' });
    const given = await draftCli([file, 'quiet', '--reason', 'We shipped the SSO connector']);
    expect(given.status).toBe(0);
    const draft = JSON.parse(given.stdout) as { needsReason: boolean; body: string; questions: string[] };
    expect(draft.needsReason).toBe(false);
    expect(draft.body).toContain('A quick update: we shipped the SSO connector.');
    expect(draft.questions).toEqual([]);
  });

  test.each([
    [['seed-walkthrough.json', 'acme'], 'draft: deal "acme" has no open trigger, so there is nothing to draft\n'],
    [['seed-walkthrough.json', 'nobody'], 'draft: unknown deal "nobody"\n'],
  ])('%j exits 1 and says why', async ([file, deal], message) => {
    const { status, stdout, stderr } = await draftCli([fixturePath(file!), deal!]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(message);
  });
});
