// API keys of model endpoints at rest: AES-256-GCM under an HKDF-derived key, bound to the
// endpoint's id; any change to the stored text, or another secret, is refused.
import { describe, expect, it } from "vitest";
import { decryptApiKey, encryptApiKey, KeyDecryptError } from "@/lib/server/models/key-crypto";

const SECRET = "a-model-keys-secret-of-at-least-32-chars";
const ID = "6f1c2a64-3f6b-4c1e-9a4e-0d3c1b2a9e11";
const KEY = "sk-test-0123456789abcdefABCDEF";

/** Flips one bit of one part ("v1.<iv>.<ciphertext>.<tag>") of a stored key. */
function flip(stored: string, part: 1 | 2 | 3): string {
  const parts = stored.split(".");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

const refused = (run: () => unknown) => {
  expect(run).toThrow(KeyDecryptError);
  expect(run).toThrow("the key cannot be decrypted: re-enter it");
};

describe("encryptApiKey / decryptApiKey", () => {
  it("round-trips a key, storing neither it nor any long piece of it", () => {
    const stored = encryptApiKey(KEY, SECRET, ID);
    expect(stored).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(stored).not.toContain(KEY.slice(3, 11));
    expect(decryptApiKey(stored, SECRET, ID)).toBe(KEY);
    expect(decryptApiKey(encryptApiKey("ключ-ü-🔑", SECRET, ID), SECRET, ID)).toBe("ключ-ü-🔑");
  });

  it("uses a fresh 12-byte IV each time, so the same key never encrypts to the same text", () => {
    const a = encryptApiKey(KEY, SECRET, ID);
    const b = encryptApiKey(KEY, SECRET, ID);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.split(".")[1]!, "base64url")).toHaveLength(12);
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
  });

  it("refuses a rotated secret", () => {
    refused(() => decryptApiKey(encryptApiKey(KEY, SECRET, ID), `${SECRET}-rotated`, ID));
  });

  it("detects tampering with the IV, the ciphertext or the tag", () => {
    const stored = encryptApiKey(KEY, SECRET, ID);
    for (const part of [1, 2, 3] as const) refused(() => decryptApiKey(flip(stored, part), SECRET, ID));
  });

  it("refuses a ciphertext copied onto another endpoint (the id is authenticated)", () => {
    const stored = encryptApiKey(KEY, SECRET, ID);
    refused(() => decryptApiKey(stored, SECRET, "0b5e3a1c-1111-4222-8333-444455556666"));
  });

  it("refuses text that is not a stored key, or a truncated one", () => {
    const stored = encryptApiKey(KEY, SECRET, ID);
    for (const bad of ["", KEY, `v2${stored.slice(2)}`, stored.split(".").slice(0, 3).join("."), `${stored}.x`]) {
      refused(() => decryptApiKey(bad, SECRET, ID));
    }
    const parts = stored.split(".");
    refused(() => decryptApiKey([parts[0], parts[1], parts[2], parts[3]!.slice(0, 10)].join("."), SECRET, ID));
  });
});
