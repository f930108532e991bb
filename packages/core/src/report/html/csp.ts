import { localRequire } from '../../local-require.js';

/** `'sha256-…'`: a CSP source that allows exactly this inline `<script>` or `<style>` text. */
export function hashSource(text: string): string {
  // Required here, not imported: this module shares a bundle with every test worker's code, and
  // loading node:crypto costs each worker a few milliseconds for a page only the run writes.
  const { createHash } = localRequire('node:crypto') as typeof import('node:crypto');
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The page's Content-Security-Policy: nothing from anywhere, except its own inline script and
 * style, named by hash. Data blocks (`type="application/json"`) are not scripts and need no source.
 */
export function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${hashSource(script)}`,
    `style-src ${hashSource(style)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
