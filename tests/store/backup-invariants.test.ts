import { beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { exportBackup, parseBackup, type Backup } from '@/lib/store/backup';
import { testBackground } from '../helpers/fake-ports';

/** Backups that pass every row's schema but describe what no store could be are refused (issue 17). */
const ACCOUNT = 'sam@seller.com';
const PAGE = { url: 'chrome-extension://ember/options.html' };
let valid: Backup;

beforeAll(async () => {
  const { background, clock } = testBackground();
  const handlers = background.handlers();
  await handlers.createDeal(
    { account: ACCOUNT, id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] },
    PAGE,
  );
  await handlers.ingestMessages(
    {
      account: ACCOUNT,
      messages: [
        {
          id: 'm1',
          thread: 't1',
          at: clock() + 60_000,
          from: 'dana@acme.com',
          to: [ACCOUNT],
          cc: [],
          subject: 'Hi',
          body: 'Hello',
        },
      ],
    },
    PAGE,
  );
  await handlers.advanceStage({ account: ACCOUNT, deal: 'acme', to: 'discovery' }, PAGE);
  valid = JSON.parse(
    JSON.stringify(
      await exportBackup(background.service(ACCOUNT).database, ACCOUNT, DEFAULT_ACCOUNT_SETTINGS, clock()),
    ),
  ) as Backup;
});

const broken = (change: (backup: Backup) => void) => {
  const copy = structuredClone(valid);
  change(copy);
  return () => parseBackup(copy);
};

describe('a backup that breaks an invariant is refused, saying which', () => {
  test('a real one passes', () => {
    expect(parseBackup(structuredClone(valid)).tables.deals).toHaveLength(1);
    expect(valid.tables.triggers.length).toBeGreaterThan(0);
  });

  test.each([
    [
      'a trigger of a deal that is not in the file',
      (b: Backup) => void (b.tables.triggers[0]!.deal = 'ghost'),
      /trigger ".*" is of deal "ghost", which is not in the file/,
    ],
    [
      'a deal in a stage no workflow has',
      (b: Backup) => void (b.tables.deals[0]!.stage = 'nowhere'),
      /deal "acme" is in stage "nowhere", which no workflow has/,
    ],
    [
      'a 2 MB title',
      (b: Backup) => void (b.tables.deals[0]!.title = 'x'.repeat(2_000_000)),
      /deal "acme" has a title of 2000000 characters/,
    ],
    [
      'an input of a deal the file never creates',
      (b: Backup) => {
        const input = b.tables.inputs.find((row) => row.kind === 'advance')!;
        input.deal = 'ghost';
        input.id = 'ghost:1';
      },
      /input "ghost:1" is of deal "ghost", which the file never creates/,
    ],
    [
      'a move to a stage no workflow has',
      (b: Backup) => {
        const input = b.tables.inputs.find((row) => row.kind === 'advance');
        if (input?.kind === 'advance') input.to = 'nowhere';
      },
      /moves deal "acme" to stage "nowhere"/,
    ],
    [
      'a stage change of a deal not in the file',
      (b: Backup) => void (b.tables.stageEvents[0]!.deal = 'ghost'),
      /a row of stageEvents is of deal "ghost"/,
    ],
  ])('%s', (_what, change, reason) => {
    expect(broken(change)).toThrow(reason);
  });
});
