import "server-only";
import type { Readable } from "node:stream";

export type RawLine = { number: number; text: string } | { number: number; error: string };

export const DEFAULT_MAX_LINE_BYTES = 1_000_000;

/**
 * Splits a byte stream into lines without ever holding more than one line: a line over
 * the limit is skipped to its end and reported, not buffered. Each line is checked for
 * invalid UTF-8 and NUL bytes. Blank lines are skipped (but counted).
 */
export async function* readLines(
  stream: Readable | AsyncIterable<Uint8Array>,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<RawLine> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let number = 0;

  const finish = (): RawLine | null => {
    number += 1;
    if (tooLong) {
      tooLong = false;
      parts = [];
      size = 0;
      return { number, error: `line is longer than ${maxLineBytes.toLocaleString("en")} bytes` };
    }
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    if (bytes.length && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.length === 0) return null;
    if (bytes.includes(0)) return { number, error: "line contains a NUL byte" };
    try {
      // A BOM at the very start of a file is not content.
      const text = decoder.decode(
        number === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes,
      );
      return text.trim() === "" ? null : { number, text };
    } catch {
      return { number, error: "line is not valid UTF-8" };
    }
  };

  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    let buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    for (;;) {
      const newline = buffer.indexOf(0x0a);
      const piece = newline === -1 ? buffer : buffer.subarray(0, newline);
      if (!tooLong) {
        if (size + piece.length > maxLineBytes) {
          tooLong = true;
          parts = [];
          size = 0;
        } else if (piece.length) {
          // Copy: the chunk's memory may be reused by the stream.
          parts.push(Buffer.from(piece));
          size += piece.length;
        }
      }
      if (newline === -1) break;
      const line = finish();
      if (line) yield line;
      buffer = buffer.subarray(newline + 1);
    }
  }
  if (size > 0 || tooLong) {
    const line = finish();
    if (line) yield line;
  }
}
