/**
 * A test file in the `describe`/`it` style that Mocha, Jest, Vitest and node:test share: one block
 * of async tests, whose bodies come from a scenario corpus. The drivers differ only in where
 * `describe` and `it` come from and how a test gets a longer timeout.
 */
export interface BddStyle {
  format: 'cjs' | 'esm';
  /** Where `describe` and `it` come from: `"import { describe, it } from 'vitest';"`; none for globals. */
  imports?: string;
  /** `mocha`: `this.timeout(ms)` in the block; `argument`: `it(title, fn, ms)` (Jest, Vitest); none. */
  timeout?: 'mocha' | 'argument';
}

const TIMEOUT_MS = 20_000;

export function bddFile(
  style: BddStyle,
  prelude: string,
  block: string,
  tests: readonly { title: string; body: string }[],
): string {
  const open =
    style.timeout === 'mocha'
      ? `describe(${JSON.stringify(block)}, function () {\n  this.timeout(${TIMEOUT_MS});`
      : `describe(${JSON.stringify(block)}, () => {`;
  const extra = style.timeout === 'argument' ? `, ${TIMEOUT_MS}` : '';
  const its = tests.map(
    ({ title, body }) => `  it(${JSON.stringify(title)}, async () => {\n    ${body}\n  }${extra});`,
  );
  return `${prelude}${style.imports ?? ''}\n${open}\n${its.join('\n')}\n});\n`;
}
