/**
 * A tap test file of a scenario corpus: one subtest named `block`, with a subtest per scenario
 * (its body in an async function), so that names are `block > title` as in the other runners.
 */
export function tapFile(
  prelude: string,
  block: string,
  tests: readonly { title: string; body: string }[],
): string {
  const subtests = tests.map(
    ({ title, body }) => `  t.test(${JSON.stringify(title)}, async () => {\n    ${body}\n  });`,
  );
  return `import t from 'tap';\n${prelude}\nt.test(${JSON.stringify(block)}, async (t) => {\n${subtests.join('\n')}\n});\n`;
}
