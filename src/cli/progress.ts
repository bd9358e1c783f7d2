import type { CliIO } from './io.js';

export interface Progress {
  update(done: number, total: number): void;
  /** Ends the line, if one was started. */
  end(): void;
}

const EVERY_MS = 100;

/**
 * A one-line counter on stderr (`history: 1200/5000 commits`), redrawn in place at most ten times
 * a second. Shown on a terminal, or when forced (`--progress`, SECRET_HYGIENE_PROGRESS=1), so
 * pipes and CI logs stay clean.
 */
export function createProgress(io: CliIO, label: string, force: boolean, now: () => number = Date.now): Progress {
  const enabled = force || io.env.SECRET_HYGIENE_PROGRESS === '1' || io.isTTY;
  let last = -Infinity;
  let shown = false;
  let pending: string | null = null;
  const draw = (line: string) => {
    io.stderr(`\r${line}\u001b[K`);
    shown = true;
    pending = null;
  };
  return {
    update(done, total) {
      if (!enabled) return;
      const line = `secret-hygiene: ${label} ${done}/${total} commits`;
      const t = now();
      if (done >= total || t - last >= EVERY_MS) {
        last = t;
        draw(line);
      } else pending = line;
    },
    end() {
      if (pending !== null) draw(pending);
      if (shown) io.stderr('\n');
      shown = false;
    },
  };
}
