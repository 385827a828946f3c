import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{bots,core,jobs,db,test}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only thrash PGlite's WASM start-up.
    pool: 'forks',
    maxWorkers: 2,
  },
});
