import { describe, expect, test, vi } from 'vitest';
import { createLazyUi, provideUi } from '@/lib/gmail/lazy-ui';

/** A content-script world: its global object, and a fake background that "runs the UI script" in it. */
function world(script: (scope: object) => void = (scope) => provideUi({ name: 'ui' }, scope)) {
  const scope = {};
  const inject = vi.fn(async () => script(scope));
  const idle: (() => void)[] = [];
  const whenIdle = vi.fn((task: () => void) => {
    idle.push(task);
    return () => idle.splice(idle.indexOf(task), 1);
  });
  const ui = createLazyUi<{ name: string }>(inject, { scope, whenIdle });
  return { scope, inject, idle, whenIdle, ui };
}

describe('the lazily loaded Gmail UI', () => {
  test('the first load runs the UI script, which hands the UI over; later loads reuse it', async () => {
    const { ui, inject, scope } = world();
    const [first, second] = await Promise.all([ui.load(), ui.load()]);
    expect(first).toEqual({ name: 'ui' });
    expect(second).toBe(first);
    expect(await ui.load()).toBe(first);
    expect(inject).toHaveBeenCalledTimes(1);
    expect(Object.getOwnPropertySymbols(scope)).toEqual([]);
  });

  test('a UI script run by someone else, with no load waiting, hands over nothing', () => {
    expect(() => provideUi({ name: 'stray' }, {})).not.toThrow();
  });

  test('a failed load is tried again on the next', async () => {
    const { ui, inject } = world();
    inject.mockRejectedValueOnce(new Error('the worker was asleep'));
    await expect(ui.load()).rejects.toThrow('the worker was asleep');
    expect(await ui.load()).toEqual({ name: 'ui' });
    expect(inject).toHaveBeenCalledTimes(2);
  });

  test('a script that ran without handing over a UI is an error, not a wait forever', async () => {
    const { ui } = world(() => {});
    await expect(ui.load()).rejects.toThrow("Ember's Gmail UI script ran but handed over no UI");
  });

  test('preloading waits for the page to be idle, then loads', async () => {
    const { ui, inject, idle } = world();
    ui.preloadWhenIdle(new AbortController().signal);
    expect(inject).not.toHaveBeenCalled();
    idle.shift()!();
    expect(inject).toHaveBeenCalledTimes(1);
    expect(await ui.load()).toEqual({ name: 'ui' });
    expect(inject).toHaveBeenCalledTimes(1);
  });

  test('a preload is cancelled when Ember stops, and never starts once stopped', () => {
    const { ui, inject, idle, whenIdle } = world();
    const controller = new AbortController();
    ui.preloadWhenIdle(controller.signal);
    controller.abort();
    expect(idle).toEqual([]);
    ui.preloadWhenIdle(controller.signal);
    expect(whenIdle).toHaveBeenCalledTimes(1);
    expect(inject).not.toHaveBeenCalled();
  });

  test('a failed preload is reported, and the first real need tries again', async () => {
    const warned = new Promise<unknown[]>((resolve) =>
      vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => resolve(args)),
    );
    const { ui, inject, idle } = world();
    inject.mockRejectedValueOnce(new Error('no worker'));
    ui.preloadWhenIdle(new AbortController().signal);
    idle.shift()!();
    expect(await warned).toEqual(['Ember could not preload its Gmail UI', expect.any(Error)]);
    expect(await ui.load()).toEqual({ name: 'ui' });
  });
});
