import createQpdf from '@neslinesli93/qpdf-wasm';

/**
 * `qpdf --check` on PDF bytes, with qpdf compiled to WebAssembly (an npm package), so the
 * structural check needs nothing installed on the machine. Returns qpdf's exit status (0: no
 * syntax or stream encoding errors; 2: errors; 3: warnings) and what it printed where the
 * runtime lets it capture that.
 */
export async function qpdfCheck(pdf: Uint8Array): Promise<{ status: number; output: string }> {
  const output: string[] = [];
  const options = {
    locateFile: () => require.resolve('@neslinesli93/qpdf-wasm/dist/qpdf.wasm'),
    print: (line: string) => output.push(line),
    printErr: (line: string) => output.push(line),
  };
  // The runtime binds console.log/error for qpdf's own output while it is created, whatever
  // `print` says: route those into `output` instead of the test's console.
  const { log, error } = console;
  console.log = console.error = (...args: unknown[]) => void output.push(args.join(' '));
  let qpdf: Awaited<ReturnType<typeof createQpdf>>;
  try {
    qpdf = await createQpdf(options as Parameters<typeof createQpdf>[0]);
  } finally {
    console.log = log;
    console.error = error;
  }
  const fs = qpdf.FS as unknown as { writeFile(path: string, data: Uint8Array): void };
  fs.writeFile('/input.pdf', pdf);
  let status: number;
  try {
    status = qpdf.callMain(['--check', '/input.pdf']);
  } catch (error) {
    // Emscripten's exit() throws an ExitStatus carrying the code.
    status = (error as { status?: number }).status ?? -1;
  }
  return { status, output: output.join('\n') };
}
