import { COOKIE_VAR } from '../table/types.js';

const PREFIX = `${COOKIE_VAR}=`;

/**
 * A copy of `envPairs` whose `REAPER_COOKIE` carries the tokens already there, the ones this realm
 * inherited (so `env: {}` does not shed a `reaper run` cookie), and `token` last.
 */
export function withCookie(
  envPairs: readonly string[],
  inherited: readonly string[],
  token: string,
): string[] {
  const out: string[] = [];
  const tokens: string[] = [...inherited];
  for (const pair of envPairs) {
    if (typeof pair === 'string' && pair.startsWith(PREFIX)) {
      for (const t of pair.slice(PREFIX.length).split(' ')) if (t && !tokens.includes(t)) tokens.push(t);
    } else {
      out.push(pair);
    }
  }
  tokens.push(token);
  out.push(PREFIX + tokens.join(' '));
  return out;
}
