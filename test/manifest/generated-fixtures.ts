import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_MANIFEST_BYTES } from "../../src/core/manifest/parse-yaml.js";
import { FIXTURES_DIR, type ManifestFixture } from "./manifest-fixture.js";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const bytes = (...parts: (string | readonly number[])[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? text(part) : Uint8Array.from(part))));

/**
 * Hostile inputs too large or too binary to commit, written into a temp dir by the test. Byte
 * offsets and columns are counted by hand from the strings below.
 */
export const GENERATED_FIXTURES: readonly ManifestFixture[] = [
  {
    file: "huge.yaml",
    behaviour: "refuses a 5 MB file before decoding or parsing it",
    bytes: () => Buffer.alloc(5 * 1024 * 1024, "# padding\n"),
    expected: ["huge.yaml:1:1: FILE_TOO_LARGE the manifest is 5242880 bytes; the limit is 1048576"],
  },
  {
    file: "one-byte-too-large.yaml",
    behaviour: "refuses a file one byte over the limit",
    bytes: () => Buffer.alloc(MAX_MANIFEST_BYTES + 1, " "),
    expected: ["one-byte-too-large.yaml:1:1: FILE_TOO_LARGE the manifest is 1048577 bytes; the limit is 1048576"],
  },
  {
    file: "at-the-limit.yaml",
    behaviour: "parses a file of exactly the limit (here blank, so empty)",
    bytes: () => Buffer.alloc(MAX_MANIFEST_BYTES, " "),
    expected: ["at-the-limit.yaml:1:1: EMPTY_MANIFEST the manifest is empty"],
  },
  {
    file: "logo.png.yaml",
    behaviour: "refuses binary garbage (a PNG header, NUL bytes included) as not text",
    bytes: () => bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    expected: ["logo.png.yaml:1:1: NOT_TEXT invalid UTF-8 at byte 0; the manifest must be UTF-8 text"],
  },
  {
    file: "nul-byte.yaml",
    behaviour: "refuses a NUL byte in otherwise valid text, at its line and column",
    // "version: 1\n" is 11 bytes, "plu" 3 more: the NUL is byte 14, line 2, column 4.
    bytes: () => bytes("version: 1\nplu", [0], "gin:\n"),
    expected: ["nul-byte.yaml:2:4: NOT_TEXT a NUL byte at byte 14; the manifest must be UTF-8 text"],
  },
  {
    file: "latin-1.yaml",
    behaviour: "refuses invalid UTF-8 in the middle of line 3 (a Latin-1 é), at its line and column",
    // 11 + 8 bytes for lines 1-2, then "  name: Caf" (11): the 0xE9 is byte 30, line 3, column 12.
    bytes: () => bytes("version: 1\nplugin:\n  name: Caf", [0xe9], " au lait\n"),
    expected: ["latin-1.yaml:3:12: NOT_TEXT invalid UTF-8 at byte 30; the manifest must be UTF-8 text"],
  },
  {
    file: "bom-then-latin-1.yaml",
    behaviour: "does not count a byte order mark as a column when reporting invalid UTF-8",
    // 3 BOM bytes, then "# Caf" (5): the 0xE9 is byte 8, and column 6 of line 1.
    bytes: () => bytes([0xef, 0xbb, 0xbf], "# Caf", [0xe9], "\n"),
    expected: ["bom-then-latin-1.yaml:1:6: NOT_TEXT invalid UTF-8 at byte 8; the manifest must be UTF-8 text"],
  },
  {
    file: "utf-16.yaml",
    behaviour: "refuses a UTF-16 file (as Windows Notepad saves 'Unicode') as not UTF-8",
    bytes: () => Buffer.from("\uFEFFversion: 1\n", "utf16le"),
    expected: ["utf-16.yaml:1:1: NOT_TEXT invalid UTF-8 at byte 0; the manifest must be UTF-8 text"],
  },
  {
    file: "crlf.yaml",
    behaviour: "counts lines and columns the same with CRLF line endings",
    bytes: () => text(readFileSync(join(FIXTURES_DIR, "unknown-event.yaml"), "utf8").replace(/\n/g, "\r\n")),
    expected: ['crlf.yaml:11:9: UNKNOWN_EVENT "message:sent" is not a Crisp event (did you mean "message:send"?)'],
  },
];
