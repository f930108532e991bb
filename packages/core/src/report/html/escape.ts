/** Text for an HTML element's content or a quoted attribute value: `& < > " '` as entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON to place inside `<script type="application/json">`: `<`, `>` and `&` as `\u` escapes, so no
 * string in it can close the element or open a comment, and U+2028/U+2029 too, so the text is
 * also valid JavaScript. `JSON.parse` reads it back unchanged.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
