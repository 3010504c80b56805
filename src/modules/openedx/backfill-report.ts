import type { BackfillProgress, BackfillSummary } from './backfill-types';

const BAR_WIDTH = 24;

/**
 * Progress on a stream: a redrawn bar on a terminal, one line per phase (and every so
 * many entries) otherwise, so that logs stay readable.
 */
export function streamProgress(stream: NodeJS.WriteStream): BackfillProgress {
  const tty = stream.isTTY === true;
  let label = '';
  let total: number | null = null;
  let lastLine = 0;
  const draw = (done: number) => {
    if (total !== null && total > 0) {
      const share = Math.min(1, done / total);
      const filled = Math.round(share * BAR_WIDTH);
      return `${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`;
    }
    return `${label} ${done}`;
  };
  return {
    start(courseId, phase, expected) {
      label = `${courseId} ${phase}`;
      total = expected;
      lastLine = 0;
      if (tty) stream.write(`\r\x1b[2K${draw(0)}`);
      else stream.write(`${label}${expected !== null ? ` (${expected} expected)` : ''}\n`);
    },
    advance(done) {
      if (tty) stream.write(`\r\x1b[2K${draw(done)}`);
      else if (done - lastLine >= 500) {
        lastLine = done;
        stream.write(`${draw(done)}\n`);
      }
    },
    finish() {
      if (tty) stream.write('\n');
    },
  };
}

export function formatSummary(summary: BackfillSummary, seconds: number): string {
  const lines = [
    `Backfill finished in ${seconds.toFixed(1)} s`,
    `  courses      ${summary.courses}`,
    `  learners     ${summary.learners}`,
    `  enrollments  ${summary.enrollments}`,
    `  scores       ${summary.scores}`,
    `  completions  ${summary.completions}`,
  ];
  for (const skip of summary.skipped) {
    lines.push(`  skipped      ${skip.courseId} ${skip.phase}: ${skip.reason}`);
  }
  for (const failure of summary.failed) {
    lines.push(`  failed       ${failure.courseId}: ${failure.reason}`);
  }
  return lines.join('\n');
}
