import "server-only";
import { PassThrough, Readable } from "node:stream";
import { AppError } from "@/lib/server/errors";
import { recordedExport } from "@/lib/server/export/record-export";
import { exportFiltersOf, type ExportOptions } from "@/lib/validation/exports";

export interface ExportDownload {
  exportId: string;
  fileName: string;
  body: ReadableStream;
}

/**
 * Starts a recorded export streamed as the body of a download (memory stays flat). With a
 * split, `part` names the part to stream; the manifest still counts every part. Resolves
 * once the record exists (its id goes in X-Export-Id); errors before that are thrown, after
 * it they cut the stream (the client sees an incomplete download, the record says failed).
 */
export async function startExportDownload(input: {
  slug: string;
  options: ExportOptions;
  actorId: string;
}): Promise<ExportDownload> {
  const { slug, options, actorId } = input;
  const { format, part, split } = options;
  if (split && part === undefined)
    throw new AppError(
      "bad_request",
      `with split, part must name the part to download (${split.map((p) => p.name).join(", ")})`,
    );
  const body = new PassThrough();
  const fileName = `${slug}-${format}${part ? `-${part}` : ""}.jsonl`;
  let streaming = false;
  const exportId = await new Promise<string>((resolve, reject) => {
    recordedExport({
      slug,
      format,
      out: split ? (name) => (name === part ? body : null) : body,
      actorId,
      fileName,
      filters: exportFiltersOf(options),
      exportId: options.exportId,
      onStarted: (id) => {
        streaming = true;
        resolve(id);
      },
    })
      .then(() => body.end())
      .catch((error) => {
        if (!streaming) return reject(error);
        console.error("export failed", error);
        body.destroy(error as Error);
      });
  });
  return { exportId, fileName, body: Readable.toWeb(body) as ReadableStream };
}
