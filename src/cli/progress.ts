import type { CliIO } from './io.js';

export interface Progress {
  update(done: number, total: number): void;
  /** Ends the line, if one was started. */
  end(): void;
}

/** A terminal's counter is redrawn at most this often; a log gets a plain line at most this often. */
const REDRAW_MS = 100;
const LINE_MS = 5000;

/**
 * A counter on stderr (`secret-hygiene: history 1200/5000 commits`). On a terminal it is one line
 * redrawn in place, at most ten times a second. Off a terminal it is shown only when asked for
 * (`--progress`, SECRET_HYGIENE_PROGRESS=1), and then as plain lines, one every few seconds and the
 * last, with no carriage returns or escape codes: CI logs and files stay readable.
 */
export function createProgress(io: CliIO, label: string, force: boolean, unit = 'commits', now: () => number = Date.now): Progress {
  const onTerminal = io.isTTY;
  const enabled = onTerminal || force || io.env.SECRET_HYGIENE_PROGRESS === '1';
  const every = onTerminal ? REDRAW_MS : LINE_MS;
  let last = -Infinity;
  let shown = false;
  let pending: string | null = null;
  let drawnLast = '';
  const draw = (line: string) => {
    io.stderr(onTerminal ? `\r${line}\u001b[K` : `${line}\n`);
    shown = true;
    pending = null;
    drawnLast = line;
  };
  return {
    update(done, total) {
      if (!enabled) return;
      const line = `secret-hygiene: ${label} ${done}/${total} ${unit}`;
      if (line === drawnLast) return;
      const t = now();
      if (done >= total || t - last >= every) {
        last = t;
        draw(line);
      } else pending = line;
    },
    end() {
      if (pending !== null) draw(pending);
      if (shown && onTerminal) io.stderr('\n');
      shown = false;
    },
  };
}
