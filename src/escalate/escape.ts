// Terminal escape sequences (CSI/OSC), other C0/C1 controls except tab and newline, bidi overrides and
// zero-width characters: what can rewrite a terminal, hide code (Trojan Source) or smuggle markup.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]/gu;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
const HTML_SPECIALS = /[&<>]/gu;
const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Model text made safe for every output: no terminal control sequences, no invisible or bidi characters,
 * no raw HTML (`<`, `>` and `&` become entities, which render as themselves in Markdown, SARIF
 * `markdown` and HTML viewers). Length bounded.
 */
export function escapeModelText(text: string, maxLength = 4000): string {
  const clean = stripControls(text).replace(HTML_SPECIALS, (character) => HTML_ENTITIES[character] ?? character);
  return clean.length > maxLength ? `${clean.slice(0, maxLength)}…` : clean;
}

/** Control and invisible characters removed; for code, where entities would change meaning. */
export function stripControls(text: string): string {
  return text.replace(/\r\n?/gu, '\n').replace(ANSI, '').replace(CONTROLS, '').replace(INVISIBLE, '');
}

/** True when text carries characters that `stripControls` would remove: such a fix is rejected, not cleaned. */
export function hasControls(text: string): boolean {
  return stripControls(text) !== text.replace(/\r\n?/gu, '\n');
}
