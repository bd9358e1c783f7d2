import type { CommitInfo, Problem, SecretSummary, ValueOrigin } from '../core/types.js';
import type { KeyForm } from './forms.js';
import type { WrittenAs } from './scan-text.js';

/**
 * What `exposure` found about one key: data only, rendered by format-text/markdown/json. Nothing
 * here holds the key or a token: places, names, commits, and the key's summary (4-character
 * preview, length, fingerprint).
 */
export interface ExposureReport {
  version: 1;
  key: SecretSummary;
  /** True when the key, or a token it signs, is anywhere in the working tree or the history. */
  exposed: boolean;
  scope: ExposureScope;
  /** The oldest and newest commits whose tree held the key (author dates). */
  firstCommit?: CommitInfo;
  lastCommit?: CommitInfo & { ref?: string };
  /** HEAD's committed tree holds it. */
  atHead: boolean;
  /** A file in the working tree holds it (committed or not). */
  inWorktree: boolean;
  /** Refs whose tip still holds it, short names (`main`, `v1.0`, `origin/feature`). */
  refs: { branches: string[]; tags: string[]; remotes: string[] };
  /** Commits that took it out of a file (a removal does not un-publish it). */
  removals: (CommitInfo & { file: string })[];
  /** Every file that held it, each with the places in it (one per name and form, however the line moved); a place lists the commits that introduced it. */
  files: FileExposure[];
  /** What binds it: dotenv files, compose services, Kubernetes Secrets, CI variables, code defaults. */
  roles: Role[];
  /** Every name the key is bound to (reuse when there are several). */
  names: string[];
  /** Where the working tree reads a name bound to it from a secret store: the stores to update. */
  uses: SecretStoreUse[];
  /** Committed JWTs that verify with it. */
  tokens: TokenExposure[];
  /** Frameworks seen in the working tree, for the token-invalidation step. */
  frameworks: Framework[];
  verdict: string;
  runbook: RunbookStep[];
  problems: Problem[];
}

export interface ExposureScope {
  git: boolean;
  /** Commits read (every branch, tag and remote ref unless limited). */
  commits: number;
  /** How the history was limited (`--since`, `--max-count`), when it was. */
  limit?: string;
  /** Versions of files read from history plus files of the working tree. */
  textsRead: number;
  /** The forms searched for (quoted values and `${VAR:-...}` defaults are raw ones, told apart by what surrounds them). */
  forms: string[];
}

export interface Seen {
  /** In the working tree's file now. */
  inWorktree: boolean;
  /** Commits that introduced a version holding it, oldest first (at most MAX_COMMITS_LISTED), and how many there were. */
  commits: CommitInfo[];
  commitCount: number;
}

export interface FileExposure extends Seen {
  file: string;
  places: LineExposure[];
  /** For the working tree's file: whether git tracks it (undefined outside a repository, or when only history holds it). */
  tracked?: boolean;
}

/** One way a file holds the key (a name, a form), across the versions that did. */
export interface LineExposure extends Seen {
  /** The line in the working tree, else in the newest version that held it. */
  line: number;
  /** Every line it was seen at, ascending (the first MAX_LINES_LISTED seen). */
  lines: number[];
  form: KeyForm;
  writtenAs: WrittenAs;
  name?: string;
}

export type RoleKind = 'dotenv' | 'compose' | 'kubernetes' | 'ci' | 'code' | 'config';

export interface Role extends Seen {
  kind: RoleKind;
  file: string;
  line: number;
  /** The key as written (`JWT_SECRET_KEY`, `jwt-secret-key`). */
  name: string;
  keyId: string;
  origin: ValueOrigin;
  /** Set when the file holds it base64-encoded (Kubernetes `data:`). */
  encoding?: 'base64';
  service?: string;
  kubernetes?: { kind: string; name?: string; namespace?: string };
  ci?: { system: string; job?: string };
  isExample: boolean;
  /** A dotenv file git ignores: where the key is meant to be, readable by no one else through the repository. */
  ignored?: boolean;
}

/** A setting that takes one of the key's names from a secret store (`\${{ secrets.X }}`, `secretKeyRef`). */
export interface SecretStoreUse {
  kind: 'ci-secret' | 'kubernetes-secret';
  file: string;
  line: number;
  /** The variable the application reads (`JWT_SECRET_KEY`). */
  name: string;
  /** The store's entry: the CI secret's name, or the Kubernetes Secret's name and key. */
  secret: string;
  secretKey?: string;
  /** CI: the job; Kubernetes: the workload (`Deployment api`) and its namespace. */
  job?: string;
  workload?: { kind: string; name?: string; namespace?: string };
}

export interface TokenExposure {
  alg: string;
  token: SecretSummary;
  places: ({ file: string; line: number; lines: number[] } & Seen)[];
}

export type Framework = 'django' | 'simplejwt' | 'flask-jwt-extended' | 'pyjwt' | 'jsonwebtoken' | 'jose' | 'rails' | 'laravel' | 'spring' | 'golang-jwt';

export interface RunbookStep {
  title: string;
  /** Sentences, built from names and places only. */
  details: string[];
  /** Commands to run as printed; none holds the key. */
  commands: string[];
}

/** Commits listed per place; the count says how many there were. */
export const MAX_COMMITS_LISTED = 20;
/** Lines listed per place. */
export const MAX_LINES_LISTED = 20;
