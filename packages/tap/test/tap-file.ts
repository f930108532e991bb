/**
 * A tap test file of a scenario corpus: one subtest named `block`, with a subtest per scenario
 * (its body in an async function), so that names are `block > title` as in the other runners.
 */
export function tapFile(
  format: 'cjs' | 'esm',
  prelude: string,
  block: string,
  tests: readonly { title: string; body: string }[],
): string {
  const subtests = tests.map(
    ({ title, body }) => `  t.test(${JSON.stringify(title)}, async () => {\n    ${body}\n  });`,
  );
  const tap = format === 'cjs' ? `const t = require('tap');` : `import t from 'tap';`;
  return `${tap}\n${prelude}\nt.test(${JSON.stringify(block)}, async (t) => {\n${subtests.join('\n')}\n});\n`;
}
