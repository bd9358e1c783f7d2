import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/** A temporary directory of bare repositories that stand in for GitHub's clone URLs. */
export class BareRepos {
  readonly root = tempDir('sh-org-remotes-');

  /**
   * Makes a bare repository from a list of commits (path → text, null deletes) and returns its
   * file:// URL. Partial clone is allowed on it, as GitHub allows it.
   */
  make(name: string, commits: Record<string, string | null>[]): string {
    const work = join(this.root, 'work', name);
    mkdirSync(work, { recursive: true });
    git(work, 'init', '-q');
    commits.forEach((files, i) => {
      for (const [path, text] of Object.entries(files)) {
        const file = join(work, path);
        if (text === null) rmSync(file);
        else {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, text);
        }
      }
      git(work, 'add', '-A');
      git(work, 'commit', '-q', '-m', `commit ${i + 1}`, '--date', `2024-01-0${i + 1}T00:00:00Z`);
    });
    const bare = join(this.root, `${name}.git`);
    git(this.root, 'clone', '-q', '--bare', work, bare);
    git(bare, 'config', 'uploadpack.allowFilter', 'true');
    git(bare, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
    return pathToFileURL(bare).href;
  }

  /** A URL where no repository is. */
  missing(name: string): string {
    return pathToFileURL(join(this.root, `${name}-does-not-exist.git`)).href;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
