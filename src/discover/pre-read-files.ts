/**
 * The bytes of the files discovery read whole (to tell tests and generated code apart), kept so that no later
 * step reads them again: the analysis-cache key hashes them, the minified check and the programs' parser read
 * their text. Each file used to be opened five times before its rules ran; 3,000 files of the benchmark spent
 * about 0.2 s doing it. An entry is dropped once its program has parsed it.
 */
export class PreReadFiles {
  private readonly entries = new Map<string, { bytes: Buffer; text?: string | null }>();

  add(absoluteFile: string, bytes: Buffer): void {
    this.entries.set(absoluteFile, { bytes });
  }

  bytes(absoluteFile: string): Buffer | undefined {
    return this.entries.get(absoluteFile)?.bytes;
  }

  /**
   * The text TypeScript's `sys.readFile` gives for the file: its UTF-8 decoding. Undefined when the file was
   * not read, or starts with a byte-order mark (TypeScript strips it, or decodes UTF-16): it reads those itself.
   */
  text(absoluteFile: string): string | undefined {
    const entry = this.entries.get(absoluteFile);
    if (!entry) return undefined;
    entry.text ??= hasByteOrderMark(entry.bytes) ? null : entry.bytes.toString('utf8');
    return entry.text ?? undefined;
  }

  /** The text, forgotten afterwards: a parsed file holds its own copy. */
  take(absoluteFile: string): string | undefined {
    const text = this.text(absoluteFile);
    this.entries.delete(absoluteFile);
    return text;
  }

  clear(): void {
    this.entries.clear();
  }
}

// UTF-16 big or little endian, UTF-8 with a BOM: the three encodings ts.sys.readFile decodes specially.
function hasByteOrderMark(bytes: Buffer): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe))) return true;
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}
