/**
 * Normalises free text without changing its meaning: Unicode NFC, trimmed, inner runs of
 * whitespace (including non-breaking and other Unicode spaces) collapsed to one space.
 * @internal
 */
export function normalizeText(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ');
}
