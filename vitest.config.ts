import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    restoreMocks: true,
    globalSetup: ['tests/global-setup.ts'],
    // Safety nets, not budgets: tests wait for states, and a loaded machine only makes them come later
    // (tests/helpers/wait-safety-net.ts says more, and sets testing-library's).
    setupFiles: ['tests/helpers/wait-safety-net.ts'],
    testTimeout: 60_000,
    expect: { poll: { timeout: 30_000 } },
  },
});
