import { selectors, type BrowserContext, type CDPSession, type Locator, type Page } from 'playwright-core';

/**
 * Ember's UI on Gmail's page renders into closed shadow roots (lib/gmail/ember-shadow.ts), which
 * Playwright's locators do not enter. Tests reach inside the way DevTools does: the DevTools
 * protocol reports every shadow root, closed ones too (`DOM.getDocument` with `pierce`), and hands
 * each to the page's main world, in tests only, under `__emberShadowRoots`. A selector engine then
 * continues a locator from an Ember host into its root:
 *
 *   insideEmber(gmail.locator('#sidebar .ember-root')).getByRole('button', { name: 'Track as deal' })
 *
 * When the engine meets a host it has no root for yet, it asks for a new pass over the document and
 * finds nothing this time; Playwright's locators retry, so a waiting action or `expect.poll` sees
 * the root on its next attempt. Nothing here waits for a guessed time.
 */

const ENGINE = 'ember-shadow';
const REVEAL_BINDING = '__emberRevealShadowRoots';

/**
 * Runs in the page's main world: the elements under `scope`'s Ember roots that match the selector
 * (`root`: the element React renders into, everything but the root's <style>). Plain JavaScript in
 * a string, so no bundler helper can slip into a function Playwright sends to the page.
 */
const ENGINE_SCRIPT = `({
  queryAll(scope, selector) {
    const hosts = scope instanceof Element && scope.matches('.ember-root') ? [scope] : [...scope.querySelectorAll('.ember-root')];
    const found = [];
    let unrevealed = false;
    for (const host of hosts) {
      const root = globalThis.__emberShadowRoots?.get(host);
      if (!root) unrevealed = true;
      else if (selector === 'root') found.push(...[...root.children].filter((child) => child.localName !== 'style'));
      else found.push(...root.querySelectorAll(selector));
    }
    if (unrevealed) globalThis.${REVEAL_BINDING}?.();
    return found;
  },
  query(scope, selector) {
    return this.queryAll(scope, selector)[0] ?? null;
  },
})`;

let registered: Promise<void> | undefined;

/** Registers the selector engine, once per process (Playwright requires it before any context). */
export function registerShadowEngine(): Promise<void> {
  registered ??= selectors.register(ENGINE, ENGINE_SCRIPT);
  return registered;
}

/** Lets the pages of `context` ask for their Ember roots (see the module comment). */
export async function revealClosedShadowRoots(context: BrowserContext): Promise<void> {
  await context.exposeBinding(REVEAL_BINDING, ({ page }: { page: Page }) => revealEmberRoots(page));
}

const passes = new WeakMap<Page, Promise<void>>();

/**
 * Hands the page's main world every Ember root there is now. A test calls it itself before a
 * check that does not retry (`isVisible()`, `count()`), to ask what is on screen at that moment.
 */
export function revealEmberRoots(page: Page): Promise<void> {
  // One pass at a time per page: each `DOM.getDocument` renumbers the nodes the last one named.
  const pass = (passes.get(page) ?? Promise.resolve()).then(() => revealPass(page));
  passes.set(
    page,
    pass.catch(() => {}),
  );
  return pass;
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

async function revealPass(page: Page): Promise<void> {
  let session = sessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  const cdp = await session;
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  for (const shadow of emberShadowRoots(root)) {
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    if (!object.objectId) continue;
    await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: 'function () { (globalThis.__emberShadowRoots ??= new WeakMap()).set(this.host, this); }',
    });
    await cdp.send('Runtime.releaseObject', { objectId: object.objectId });
  }
}

interface DomNode {
  backendNodeId: number;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

/** The shadow roots of every `.ember-root` host in the tree, through other shadow roots and frames. */
function emberShadowRoots(node: DomNode): DomNode[] {
  const found: DomNode[] = [];
  const attributes = node.attributes ?? [];
  const classIndex = attributes.indexOf('class');
  const isHost = classIndex % 2 === 0 && (attributes[classIndex + 1] ?? '').split(/\s+/).includes('ember-root');
  if (isHost) found.push(...(node.shadowRoots ?? []));
  for (const child of [
    ...(node.children ?? []),
    ...(node.shadowRoots ?? []),
    ...(node.contentDocument ? [node.contentDocument] : []),
  ]) {
    found.push(...emberShadowRoots(child));
  }
  return found;
}

/** Continues `host` (a locator of Ember hosts) inside their closed roots. */
export const insideEmber = (host: Locator): Locator => host.locator(`${ENGINE}=root`);
