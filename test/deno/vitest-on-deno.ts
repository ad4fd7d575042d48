/**
 * The part of vitest's API the shared contract suites use (test/ports/*.contract.ts),
 * on Deno: deno.json maps "vitest" here, so a contract written for vitest runs
 * unchanged under `deno test`. Suites and tests are node:test's (Deno runs
 * them as steps of one test per top-level `describe`); `expect` is Jest's, the
 * API vitest's follows.
 */
import { afterEach as nodeAfterEach, beforeEach as nodeBeforeEach, describe as nodeDescribe, it as nodeIt } from "node:test";

export { expect } from "expect";

type Body = () => unknown;

export function describe(name: string, body: () => void): void {
  nodeDescribe(name, () => {
    body();
  });
}

/** vitest's `it`, with `it.fails` (the test passes only if its body throws), `it.skip` and `it.todo`. */
export const it = Object.assign(
  (name: string, body: Body): void => {
    nodeIt(name, async () => {
      await body();
    });
  },
  {
    fails(name: string, body: Body): void {
      nodeIt(name, async () => {
        try {
          await body();
        } catch {
          return;
        }
        throw new Error(`"${name}" is expected to fail (it.fails), and it passed`);
      });
    },
    skip(name: string, _body?: Body): void {
      nodeIt(name, { skip: true }, () => {});
    },
    todo(name: string): void {
      nodeIt(name, { todo: true }, () => {});
    },
  },
);

export const test = it;

export function beforeEach(hook: Body): void {
  nodeBeforeEach(async () => {
    await hook();
  });
}

export function afterEach(hook: Body): void {
  nodeAfterEach(async () => {
    await hook();
  });
}
