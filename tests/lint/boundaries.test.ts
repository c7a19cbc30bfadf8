import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, test } from 'vitest';
import { librariesStayLibraries, pureCore } from '../../eslint/boundaries';

/** Lints a snippet as if it lived at `filePath`, with only the boundary rules on. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } },
      pureCore,
      librariesStayLibraries,
    ],
  });
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('lib/domain stays pure', () => {
  // prettier-ignore
  test.each([
    ["import Dexie from 'dexie';", 'no-restricted-imports'],
    ["import { useState } from 'react';", 'no-restricted-imports'],
    ["import OpenAI from 'openai';", 'no-restricted-imports'],
    ["import * as InboxSDK from '@inboxsdk/core';", 'no-restricted-imports'],
    ["import { readFile } from 'node:fs';", 'no-restricted-imports'],
    ["import { browser } from 'wxt/browser';", 'no-restricted-imports'],
    ["import { db } from '../store/db';", 'no-restricted-imports'],
    ["import { Sidebar } from '../../components/sidebar';", 'no-restricted-imports'],
    ['export const url = window.location.href;', 'no-restricted-globals'],
    ['export const send = () => chrome.runtime.sendMessage({});', 'no-restricted-globals'],
    ["export const get = () => fetch('https://example.com');", 'no-restricted-globals'],
    ['export const now = () => Date.now();', 'no-restricted-properties'],
    ['export const now = () => new Date();', 'no-restricted-syntax'],
  ])('%s is refused', async (code, rule) => {
    const found = await violations('lib/domain/probe.ts', code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${rule}: `));
  });

  test.each([
    ["import { z } from 'zod';"],
    ["import { TZDateMini } from '@date-fns/tz';"],
    ["import { ruleFor } from './workflow';"],
    ['export const at = (iso: string) => new Date(iso);'],
  ])('%s is allowed', async (code) => {
    expect(await violations('lib/domain/probe.ts', code)).toEqual([]);
  });
});

describe('libraries never import app code', () => {
  test.each([
    ["import { Sidebar } from '../../components/sidebar';"],
    ["import main from '../../entrypoints/background';"],
  ])('%s is refused in lib/store', async (code) => {
    expect(await violations('lib/store/probe.ts', code)).toEqual([expect.stringMatching(/^no-restricted-imports: /)]);
  });

  test('an adapter may use the browser and its own libraries', async () => {
    expect(await violations('lib/store/probe.ts', "import Dexie from 'dexie';\nexport const w = window;")).toEqual([]);
  });
});
