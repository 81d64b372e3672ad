/**
 * Splitting a byte stream into text lines without holding the file in memory: only the current partial
 * line is kept. UTF-8 is decoded in streaming mode, so a character whose bytes straddle two chunks is
 * decoded whole; `\r\n` and `\n` both end a line; a byte-order mark before the first line is dropped.
 * Bytes that are not UTF-8 stop the read with a ParseError (field `encoding`), rather than being replaced
 * silently — an imported record is evidence and must hold what the source held.
 */
import { ParseError } from './errors';

export interface LinesOptions {
  /** Named in errors. */
  file?: string;
  /** Longest line accepted, in UTF-16 code units; a longer one is an error, not an out-of-memory crash. */
  maxLineLength?: number;
}

/** 64 Mi characters: far above any FtM entity (text values are capped at 65,000 characters by FtM). */
const MAX_LINE = 64 * 1024 * 1024;

/** The stream's lines, one at a time. */
export async function* linesOf(
  stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>,
  opts: LinesOptions = {},
): AsyncGenerator<string> {
  for await (const run of lineRunsOf(stream, opts)) yield* run;
}

/**
 * The stream's lines in runs: every line a chunk completes, together (a bulk reader pays one asynchronous
 * step per chunk instead of one per line).
 */
export async function* lineRunsOf(
  stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>,
  opts: LinesOptions = {},
): AsyncGenerator<string[]> {
  const file = opts.file ?? '<stream>';
  const maxLine = opts.maxLineLength ?? MAX_LINE;
  // ignoreBOM: false (the default) makes the decoder drop a leading U+FEFF; string chunks are checked below.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let started = false;
  let lineNo = 0; // lines emitted so far (blank ones included)

  const decode = (chunk: Uint8Array | undefined): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      // Name the line: newlines before the first undecodable byte of this chunk, after what was emitted.
      const lossy = chunk === undefined ? '' : new TextDecoder('utf-8').decode(chunk);
      const at = lossy.indexOf('\uFFFD');
      let line = lineNo + 1;
      for (let i = 0; i < (at < 0 ? 0 : at); i++) if (lossy.charCodeAt(i) === 10) line++;
      throw new ParseError(file, line, { field: 'encoding', code: 'invalid_utf8' });
    }
  };
  const tooLong = () => new ParseError(file, lineNo + 1, { field: 'json', code: 'line_too_long', params: { max: maxLine } });
  /** A complete line, without its `\r`; checked against the limit. */
  const finish = (s: string): string => {
    const line = s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
    if (line.length > maxLine) throw tooLong();
    lineNo++;
    return line;
  };

  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    let text = typeof chunk === 'string' ? chunk : decode(chunk);
    if (!started && text.length > 0) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let idx = text.indexOf('\n');
    if (idx === -1) {
      pending += text;
      // +1: the line's `\r` may still be pending.
      if (pending.length > maxLine + 1) throw tooLong();
      continue;
    }
    const run = [finish(pending + text.slice(0, idx))];
    let start = idx + 1;
    while ((idx = text.indexOf('\n', start)) !== -1) {
      run.push(finish(text.slice(start, idx)));
      start = idx + 1;
    }
    pending = text.slice(start);
    yield run;
    if (pending.length > maxLine + 1) throw tooLong();
  }
  pending += decode(undefined);
  if (pending.length > 0) yield [finish(pending)];
}
