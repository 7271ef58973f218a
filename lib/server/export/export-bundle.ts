import "server-only";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { strToU8, Zip, ZipDeflate } from "fflate";
import { AppError } from "@/lib/server/errors";
import type { ExportDownload } from "@/lib/server/export/export-download";
import { recordedExport } from "@/lib/server/export/record-export";
import { exportFiltersOf, type ExportOptions } from "@/lib/validation/exports";

/**
 * Every part of a split in one download: a zip of one JSONL file per part
 * (`slug-format-train.jsonl` …) and `manifest.json`, one recorded export. A zip's entries
 * come one after the other while an export picks each item's part as it goes, so the parts
 * are written to a private temporary directory first (disk, not memory), then zipped into
 * the response (fflate, deflate) and removed. Resolves once the record exists, like
 * startExportDownload; a failure after that cuts the download and the record says failed.
 */
export async function startExportBundle(input: {
  slug: string;
  options: ExportOptions;
  actorId: string;
}): Promise<ExportDownload> {
  const { slug, options, actorId } = input;
  const { format, split } = options;
  if (!split) throw new AppError("bad_request", "a bundle needs split (e.g. train=0.9,test=0.1)");
  if (options.part !== undefined) throw new AppError("bad_request", "a bundle holds every part: leave part out");
  const base = `${slug}-${format}`;
  const fileName = `${base}-split.zip`;
  const entryOf = (part: string) => `${base}-${part}.jsonl`;
  const dir = await mkdtemp(path.join(tmpdir(), "rlhf-export-"));
  const files = new Map(split.map((p) => [p.name, path.join(dir, entryOf(p.name))]));
  const streams = new Map<string, WriteStream>([...files].map(([part, file]) => [part, createWriteStream(file)]));
  const body = new PassThrough();
  let streaming = false;
  const cleanUp = async () => {
    for (const stream of streams.values()) stream.destroy();
    await rm(dir, { recursive: true, force: true });
  };
  const exportId = await new Promise<string>((resolve, reject) => {
    recordedExport({
      slug,
      format,
      out: (part) => streams.get(part) ?? null,
      actorId,
      fileName,
      filters: exportFiltersOf(options),
      exportId: options.exportId,
      onStarted: (id) => {
        streaming = true;
        resolve(id);
      },
    })
      .then(async (manifest) => {
        for (const stream of streams.values()) {
          stream.end();
          await once(stream, "finish");
        }
        const { exportId: _id, ...recorded } = manifest;
        const files = Object.fromEntries(split.map((p) => [p.name, entryOf(p.name)]));
        await zipInto(body, [
          ...split.map((p) => ({ name: entryOf(p.name), file: path.join(dir, entryOf(p.name)) })),
          { name: "manifest.json", text: `${JSON.stringify({ ...recorded, file: fileName, files }, null, 2)}\n` },
        ]);
      })
      .catch((error) => {
        if (!streaming) return reject(error);
        console.error("export bundle failed", error);
        body.destroy(error as Error);
      })
      .finally(() => void cleanUp().catch(() => {}));
  });
  return { exportId, fileName, body: Readable.toWeb(body) as ReadableStream };
}

type Entry = { name: string; file: string } | { name: string; text: string };

/** Writes a zip of `entries` into `out`, waiting whenever `out` is full (memory stays flat). */
async function zipInto(out: PassThrough, entries: Entry[]): Promise<void> {
  let failure: Error | null = null;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else out.write(chunk);
    if (final && !error) out.end();
  });
  const drained = async () => {
    if (failure) throw failure;
    if (out.writableNeedDrain) await once(out, "drain");
  };
  for (const entry of entries) {
    const deflate = new ZipDeflate(entry.name, { level: 6 });
    zip.add(deflate);
    if ("text" in entry) deflate.push(strToU8(entry.text), true);
    else {
      for await (const chunk of createReadStream(entry.file)) {
        deflate.push(chunk as Uint8Array);
        await drained();
      }
      deflate.push(new Uint8Array(0), true);
    }
    await drained();
  }
  zip.end();
  if (failure) throw failure;
}
