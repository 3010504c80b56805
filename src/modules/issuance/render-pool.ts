import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  preloadBuiltinFonts,
  renderCredential,
  renderCredentialPdf,
  type RenderCredentialInput,
  type RenderedCredential,
  TemplateError,
  templateAssetSlugs,
  UnrenderableTextError,
} from './pdf';

/**
 * Certificate rendering off the main thread. Rendering is CPU-bound (font shaping, deflate),
 * so a pool of worker threads lets a worker process use every core and keeps the event loop
 * of an `all` process free for API requests. Without the compiled worker script (sources run
 * through a TypeScript loader, as in the tests) or with 0 threads, it renders in-thread.
 */

/** What a render thread receives: the input with the template's assets already loaded. */
export type RenderRequest = Omit<RenderCredentialInput, 'loadAsset'> & {
  assets: Record<string, Uint8Array>;
};

export type RenderReply =
  | ({ id: number; ok: true } & RenderedCredential)
  | { id: number; ok: false; message: string; templateField?: string; unrenderable?: boolean };

export interface Renderer {
  render(input: RenderCredentialInput): Promise<Uint8Array>;
  /** The PDF and where its template elements were drawn. */
  renderWithLayout(input: RenderCredentialInput): Promise<RenderedCredential>;
  close(): Promise<void>;
}

const WORKER_SCRIPT = path.join(__dirname, 'render-worker.js');

/** Renders in this thread. */
function inThread(): Renderer {
  preloadBuiltinFonts();
  return {
    render: renderCredentialPdf,
    renderWithLayout: renderCredential,
    close: async () => undefined,
  };
}

interface Pending {
  resolve(rendered: RenderedCredential): void;
  reject(error: Error): void;
}

class ThreadPool implements Renderer {
  private readonly idle: Worker[] = [];
  private readonly queue: { request: RenderRequest; pending: Pending }[] = [];
  private readonly inFlight = new Map<Worker, { id: number; pending: Pending }>();
  private readonly workers: Worker[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    threads: number,
    private readonly nice: number,
  ) {
    for (let i = 0; i < threads; i++) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(WORKER_SCRIPT, { workerData: { nice: this.nice } });
    worker.unref();
    worker.on('message', (reply: RenderReply) => this.settle(worker, reply));
    worker.on('error', (error) => this.crashed(worker, error));
    worker.on('exit', (code) => {
      if (!this.closed) this.crashed(worker, new Error(`render thread exited with code ${code}`));
    });
    this.workers.push(worker);
    this.idle.push(worker);
  }

  /** A thread died: fail its job, replace it. */
  private crashed(worker: Worker, error: Error): void {
    const job = this.inFlight.get(worker);
    this.inFlight.delete(worker);
    const index = this.workers.indexOf(worker);
    if (index === -1) return;
    this.workers.splice(index, 1);
    const idle = this.idle.indexOf(worker);
    if (idle !== -1) this.idle.splice(idle, 1);
    job?.pending.reject(error);
    if (!this.closed) {
      this.spawn();
      this.dispatch();
    }
  }

  private settle(worker: Worker, reply: RenderReply): void {
    const job = this.inFlight.get(worker);
    this.inFlight.delete(worker);
    this.idle.push(worker);
    if (job && job.id === reply.id) {
      if (reply.ok) job.pending.resolve({ pdf: reply.pdf, layout: reply.layout });
      else if (reply.templateField !== undefined) {
        job.pending.reject(
          new TemplateError(
            reply.templateField,
            reply.message.replace(`${reply.templateField}: `, ''),
          ),
        );
      } else if (reply.unrenderable) job.pending.reject(new UnrenderableTextError(reply.message));
      else job.pending.reject(new Error(reply.message));
    }
    this.dispatch();
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const { request, pending } = this.queue.shift()!;
      const id = this.nextId++;
      this.inFlight.set(worker, { id, pending });
      worker.postMessage({ id, request });
    }
  }

  async render(input: RenderCredentialInput): Promise<Uint8Array> {
    return (await this.renderWithLayout(input)).pdf;
  }

  async renderWithLayout(input: RenderCredentialInput): Promise<RenderedCredential> {
    if (this.closed) throw new Error('The renderer is closed');
    const { loadAsset, ...rest } = input;
    const slugs = input.template ? templateAssetSlugs(input.template) : [];
    // The built-in certificate draws the issuer's logo and the signatures.
    if (!input.template?.asset && input.issuer) {
      if (input.issuer.logoAssetId) slugs.push(input.issuer.logoAssetId);
      for (const signatory of input.issuer.signatories) {
        if (signatory.signatureAssetId) slugs.push(signatory.signatureAssetId);
      }
    }
    const assets: Record<string, Uint8Array> = {};
    for (const slug of slugs) assets[slug] = await loadAsset(slug);
    return new Promise<RenderedCredential>((resolve, reject) => {
      this.queue.push({ request: { ...rest, assets }, pending: { resolve, reject } });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const { pending } of this.queue.splice(0))
      pending.reject(new Error('The renderer is closed'));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/**
 * `threads` render threads, or in-thread rendering when 0 or when running from sources.
 * Each thread lowers its own scheduling priority to `nice` (RENDER_NICE): on Linux a
 * thread's niceness is its own, so the event loop keeps its priority while renders take
 * only the CPU that requests and the database leave.
 */
export function createRenderer(threads: number, nice = 0): Renderer {
  if (threads <= 0 || !existsSync(WORKER_SCRIPT)) return inThread();
  return new ThreadPool(threads, nice);
}
