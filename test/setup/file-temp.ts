import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { removeTracked } from '../helpers/temp.js';

// Each test file gets its own TMPDIR (made before the file is imported, so module-level mkdtemp lands
// there too). After the file, the directories made through tempDir() are removed; anything still there
// was made some other way and never removed (a test, a helper, or the product leaking temp files),
// and fails the file by name.
const base = process.env.SH_TEST_RUN_TMPDIR;
if (base !== undefined) {
  const mine = mkdtempSync(join(base, 'file-'));
  const previous = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = mine;
  afterAll(() => {
    removeTracked();
    const left = readdirSync(mine);
    rmSync(mine, { recursive: true, force: true });
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (left.length > 0) throw new Error(`left in the temp directory after this file: ${left.join(', ')}`);
  });
}
