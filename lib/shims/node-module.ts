/**
 * `module` for browser builds. email-reply-parser asks `createRequire(import.meta.url)('re2')` for an
 * optional native regex engine and falls back to RegExp when that throws, which is what happens here.
 */
export function createRequire(): (id: string) => never {
  return (id) => {
    throw new Error(`${id} is not available in the browser`);
  };
}
