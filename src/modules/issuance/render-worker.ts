import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import {
  loadShaper,
  preloadBuiltinFonts,
  renderCredential,
  TemplateError,
  UnrenderableTextError,
} from './pdf';
import type { RenderReply, RenderRequest } from './render-pool';

/** A render thread of render-pool.ts: renders one certificate per message. */
const { nice } = (workerData ?? {}) as { nice?: number };
if (nice) {
  try {
    os.setPriority(0, nice); // pid 0: this thread only (Linux)
  } catch {
    // Not permitted here (some containers): renders run at the process's priority.
  }
}
preloadBuiltinFonts();
void loadShaper().catch(() => undefined); // a render awaits it again and reports the failure

parentPort?.on('message', async ({ id, request }: { id: number; request: RenderRequest }) => {
  const { assets, ...input } = request;
  let reply: RenderReply;
  try {
    const rendered = await renderCredential({
      ...input,
      loadAsset: async (slug) => {
        const bytes = assets[slug];
        if (!bytes) throw new TemplateError('template', `asset "${slug}" was not loaded`);
        return bytes;
      },
    });
    reply = { id, ok: true, ...rendered };
  } catch (error) {
    reply = {
      id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof TemplateError ? { templateField: error.field } : {}),
      ...(error instanceof UnrenderableTextError ? { unrenderable: true } : {}),
    };
  }
  const transfer = reply.ok ? [reply.pdf.buffer as ArrayBuffer] : [];
  parentPort?.postMessage(reply, transfer);
});
