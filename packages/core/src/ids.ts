/**
 * `bytes` random bytes as hex, for names that must not collide (a realm's cookie prefix, a run's
 * token, a report file's name), never for secrets. Not `node:crypto`: loading it costs every test
 * worker a few milliseconds (Vitest starts one per file), and nothing here needs its strength.
 */
export function uniqueHex(bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) {
    out += Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, '0');
  }
  return out;
}
