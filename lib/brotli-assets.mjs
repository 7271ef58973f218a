// Brotli for the build's scripts and styles, used by server.mjs. Next's compression middleware
// speaks gzip and deflate only; brotli at its best setting makes the same JavaScript about 13%
// smaller (measured on this app's .next/static), which is what keeps a cold labeling page under
// its budget (docs/PERFORMANCE.md, `npm run bench:ui`). The best setting is slow (seconds for
// the whole build), so files are compressed once, before the server listens, and kept beside
// their source as `<file>.br`; later starts read them. Build files are immutable (content-hashed
// names), so each answer is a buffer from memory.
import { constants, brotliCompress } from "node:zlib";
import { readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const compress = promisify(brotliCompress);
const COMPRESSIBLE = /\.(?:js|css)$/;
const TYPES = { ".js": "application/javascript; charset=UTF-8", ".css": "text/css; charset=UTF-8" };

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

/** The `.br` beside `file`, made (or remade, when older than its source) if need be. */
async function brotliOf(file) {
  const target = `${file}.br`;
  const [source, existing] = await Promise.all([stat(file), stat(target).catch(() => null)]);
  if (existing && existing.mtimeMs >= source.mtimeMs) return readFile(target);
  const body = await compress(await readFile(file), {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: source.size,
    },
  });
  // Through a temporary name: another process starting from the same build never reads half a file.
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, body);
    await rename(temporary, target);
  } catch {
    // A read-only build directory: serve from memory, compress again on the next start.
  }
  return body;
}

/**
 * Loads (making where missing) the brotli form of every script and style under
 * `<distDir>/static`, keyed by the path a browser asks for (`/_next/static/...`).
 */
export async function loadBrotliAssets(distDir) {
  const root = path.join(distDir, "static");
  const files = await filesUnder(root);
  const assets = new Map();
  // zlib runs on libuv's thread pool: a few at a time keeps every core busy without a backlog.
  const queue = [...files];
  const work = async () => {
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      const body = await brotliOf(file);
      const urlPath = `/_next/static/${path.relative(root, file).split(path.sep).join("/")}`;
      assets.set(urlPath, { body, type: TYPES[path.extname(file)] });
    }
  };
  await Promise.all(Array.from({ length: 4 }, work));
  return assets;
}

/** Whether the client takes brotli (`br` listed, and not with q=0). */
function acceptsBrotli(header) {
  if (typeof header !== "string") return false;
  return header.split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (coding.trim() !== "br") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * Answers a GET or HEAD for a build script or style with its brotli form, when the client takes
 * brotli; returns false (the request goes on to Next) otherwise. Only paths of files listed at
 * start-up are answered, so no request can name a file outside the build.
 */
export function serveBrotliAsset(assets, req, res, pathname) {
  if ((req.method !== "GET" && req.method !== "HEAD") || !pathname.startsWith("/_next/static/")) return false;
  const asset = assets.get(pathname);
  if (!asset || !acceptsBrotli(req.headers["accept-encoding"])) return false;
  res.writeHead(200, {
    "content-type": asset.type,
    "content-encoding": "br",
    "content-length": asset.body.length,
    // What Next sends for build files: their names change whenever their content does.
    "cache-control": "public, max-age=31536000, immutable",
    vary: "Accept-Encoding",
  });
  res.end(req.method === "HEAD" ? undefined : asset.body);
  return true;
}
