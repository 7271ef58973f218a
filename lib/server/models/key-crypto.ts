import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// Model endpoints' API keys at rest: AES-256-GCM with a random 12-byte IV per key, under a key
// derived with HKDF-SHA256 from MODEL_KEYS_SECRET (or AUTH_SECRET). The endpoint's id is the
// additional authenticated data, so a ciphertext copied onto another endpoint's row does not
// decrypt there. Stored as "v1.<iv>.<ciphertext>.<tag>" (base64url); the version leaves room
// for another scheme without guessing.

const VERSION = "v1";
const INFO = "rlhf-studio/model-endpoint-api-keys/v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The stored key cannot be read: wrong secret (rotated), tampered with, or not ours. */
export class KeyDecryptError extends Error {
  override name = "KeyDecryptError";
  constructor() {
    super("the key cannot be decrypted: re-enter it");
  }
}

function derivedKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), INFO, 32));
}

export function encryptApiKey(plaintext: string, secret: string, endpointId: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", derivedKey(secret), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(endpointId, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function decryptApiKey(stored: string, secret: string, endpointId: string): string {
  const parts = stored.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new KeyDecryptError();
  const [iv, ciphertext, tag] = parts.slice(1).map((part) => Buffer.from(part, "base64url")) as [
    Buffer,
    Buffer,
    Buffer,
  ];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new KeyDecryptError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", derivedKey(secret), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(endpointId, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    // GCM's tag check failed: say nothing more (which byte, which secret) than that.
    throw new KeyDecryptError();
  }
}
