import { describe, expect, it } from 'vitest';
import { processTableChoice } from '../../src/options.js';

describe('REAPER_PROCESS_TABLE', () => {
  it('picks proc or ps, and nothing (the platform default) when unset or empty', () => {
    expect(processTableChoice({ REAPER_PROCESS_TABLE: 'proc' })).toBe('proc');
    expect(processTableChoice({ REAPER_PROCESS_TABLE: 'ps' })).toBe('ps');
    expect(processTableChoice({ REAPER_PROCESS_TABLE: '' })).toBeUndefined();
    expect(processTableChoice({})).toBeUndefined();
  });

  it('refuses anything else, naming the variable, the value and what is expected', () => {
    expect(() => processTableChoice({ REAPER_PROCESS_TABLE: 'PS' })).toThrowErrorMatchingInlineSnapshot(
      `[ReaperOptionError: Expected the \`REAPER_PROCESS_TABLE\` environment variable to be 'proc' or 'ps', got \`"PS"\` (string).]`,
    );
  });
});
