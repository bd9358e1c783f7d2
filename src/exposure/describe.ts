import type { CommitInfo } from '../core/types.js';
import type { LineExposure, Role, SecretStoreUse, Seen } from './report.js';
import { day, plural, short } from './verdict.js';

/** Words shared by the text and Markdown reports: built from names, places and commits only. */

export function commitText(c: CommitInfo): string {
  return `${short(c.sha)} (${day(c.date)})`;
}

/** `working tree; 3 commits, first abc1234 (2024-03-02), last def5678 (2024-04-01)`. */
export function seenText(s: Seen): string {
  const parts: string[] = [];
  if (s.inWorktree) parts.push('working tree');
  const first = s.commits[0];
  const last = s.commits[s.commits.length - 1];
  if (first && last) {
    parts.push(
      s.commitCount === 1 ? `1 commit: ${commitText(first)}` : `${plural(s.commitCount, 'commit')}: first ${commitText(first)}, last listed ${commitText(last)}`,
    );
  }
  return parts.join('; ');
}

export function formText(l: LineExposure): string {
  const how = l.writtenAs === 'default' ? 'as a ${...:-} default' : l.writtenAs === 'quoted' ? 'quoted' : '';
  return [l.form, how].filter(Boolean).join(', ');
}

/** What a role is, for people: `compose service api`, `Kubernetes Secret prod/api-secrets`, `GitHub Actions variable (job test)`. */
export function roleText(r: Role): string {
  switch (r.kind) {
    case 'dotenv':
      return r.isExample ? 'example dotenv file' : r.ignored ? 'dotenv file (ignored by git: not exposed)' : 'dotenv file';
    case 'compose':
      return `compose service ${r.service ?? '?'}${r.origin === 'default' ? ' (default of ${' + r.name + ':-...})' : ''}`;
    case 'kubernetes': {
      const k = r.kubernetes;
      const name = k?.name !== undefined ? ` ${k.namespace !== undefined ? `${k.namespace}/` : ''}${k.name}` : '';
      return `Kubernetes ${k?.kind ?? 'object'}${name}${r.encoding === 'base64' ? ' (base64 data)' : ''}`;
    }
    case 'ci': {
      const system = r.ci?.system === 'github' ? 'GitHub Actions' : r.ci?.system === 'gitlab' ? 'GitLab CI' : 'CI';
      return `${system} variable${r.ci?.job !== undefined ? ` (job ${r.ci.job})` : ''}`;
    }
    case 'code':
      return r.origin === 'default' ? 'code default' : 'code literal';
    case 'config':
      return r.origin === 'default' ? 'config default' : 'config value';
  }
}

/** `.github/workflows/deploy.yml:12 (job deploy): JWT_SECRET_KEY from the CI secret JWT_SECRET_KEY`. */
export function useText(u: SecretStoreUse): string {
  if (u.kind === 'ci-secret') return `${u.file}:${u.line}${u.job !== undefined ? ` (job ${u.job})` : ''}: ${u.name} from the CI secret ${u.secret}`;
  const w = u.workload;
  const who = w ? `${w.kind}${w.name !== undefined ? ` ${w.namespace !== undefined ? `${w.namespace}/` : ''}${w.name}` : ''}` : 'a workload';
  return `${u.file}:${u.line} (${who}): ${u.name} from Secret ${u.secret}${u.secretKey !== undefined ? ` key ${u.secretKey}` : ''}`;
}

/** `line 12` or `line 12 (earlier at 9, 10 and 11)`: a place keeps one row however its line moved. */
export function linesText(p: { line: number; lines: readonly number[] }): string {
  const others = p.lines.filter((l) => l !== p.line);
  return others.length === 0 ? `line ${p.line}` : `line ${p.line} (also at ${listedNumbers(others)} in other versions)`;
}

function listedNumbers(ns: readonly number[]): string {
  const shown = ns.slice(0, 6).map(String);
  return ns.length > 6 ? `${shown.join(', ')} and ${ns.length - 6} more` : shown.length === 1 ? (shown[0] as string) : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
