/**
 * The shared shapes of the engine. Data flows one way:
 *   sources → Document → parsers → SecretAssignment → rules → Finding → reporters
 * No type here carries behaviour; every stage is a pure function of the one before it.
 */

/** A half-open range of UTF-16 offsets into `Document.text`. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'note';

/** dev/test/staging/prod, guessed from the path (`.env.production`, `overlays/prod/`, `values-staging.yaml`). */
export type Environment = 'dev' | 'test' | 'staging' | 'prod';

/**
 * The role a file plays in its repository, for how much a finding in it matters:
 * - production: the code and configuration that ship (the default);
 * - test: tests and fixtures (`tests/`, `test_*.py`, `*.test.ts`, `spec/`, `__tests__/`, `fixtures/`, `testdata/`);
 * - docs: documentation and examples (`docs/`, `examples/`, `*.md`, `.env.example`);
 * - ci-test: CI configuration that only feeds a test database or test server (set per value by the CI parser);
 * - dev: local development tooling (`.devcontainer/`, `docker-compose.override.yml`, `*.dev.*`, `settings/local.py`).
 */
export type FileRole = 'production' | 'test' | 'docs' | 'ci-test' | 'dev';

export interface CommitInfo {
  sha: string;
  /** ISO 8601 author date. */
  date: string;
}

/**
 * One file's text as a source saw it. `text` has the BOM removed (see `hasBom`) and keeps its line
 * endings, so offsets map to the bytes on disk after the BOM.
 */
export interface Document {
  /** Relative to the scan root, `/`-separated. */
  path: string;
  text: string;
  hasBom: boolean;
  /** Where the text came from: the working tree, the index, a commit of a diff range or of the history. */
  origin: 'worktree' | 'staged' | 'diff' | 'history';
  /** True when git tracks the path (or it is staged); undefined outside a git repository. */
  tracked?: boolean;
  /** True when the path is untracked and git (or .gitignore) ignores it. */
  ignored?: boolean;
  /**
   * For diff-like scans: the 1-based line numbers the change adds, or 'all' for an added file.
   * Undefined for a full scan (every line counts). Documents that only give context to project
   * rules have an empty set.
   */
  changedLines?: ReadonlySet<number> | 'all';
  commit?: CommitInfo;
  /** History: the blob the text was read from (a document set aside is read again by it, not kept). */
  blob?: string;
}

/** A file that was not scanned, or not fully: too big, binary, unreadable, failed to parse. */
export interface Problem {
  file: string;
  reason: string;
  /**
   * A cap on hostile input (key length, JWTs per file, findings per rule and file, the budget of
   * slow fingerprints) cut work here: what it left unchecked may hide a secret, so the run cannot
   * call the repository clean and fails as a finding does (exit 1; see `failsOnCut`).
   */
  cut?: true;
}

/**
 * How a value got bound to a secret-named key.
 * - literal:   `SECRET_KEY = "abc"`, `JWT_SECRET=abc` in a dotenv file, k8s `value: abc`
 * - default:   a read of the environment with a literal fallback: `os.getenv("K", "x")`, `${K:-x}`,
 *              `process.env.K || "x"`
 * - reference: bound to another variable unconditionally: `JWT_SECRET_KEY = SECRET_KEY`, `${SECRET_KEY}`
 *              when the key differs, `K=${OTHER}` in dotenv
 * - fallback:  read from the environment, falling back to another variable when unset:
 *              `os.getenv("JWT") or SECRET_KEY`, `${JWT:-${SECRET_KEY}}`, simplejwt `SIGNING_KEY = SECRET_KEY`
 * - env:       read strictly from the environment with no fallback: `os.environ["K"]`, `${K}`, `${K:?err}`
 * - managed:   supplied by a secret store: k8s `secretKeyRef`, `${{ secrets.X }}`, vault references
 * - template:  filled in later by a tool: Helm `{{ .Values.x }}`, `#{jwt-secret-key}#`, `$(VAR)`
 * - runtime:   computed at start-up: `secrets.token_urlsafe(64)`, `crypto.randomBytes(64)`
 */
export type ValueOrigin =
  | 'literal'
  | 'default'
  | 'reference'
  | 'fallback'
  | 'env'
  | 'managed'
  | 'template'
  | 'runtime';

/** The family of file a parser understood. */
export type FileFormat =
  | 'dotenv'
  | 'compose'
  | 'dockerfile'
  | 'kubernetes'
  | 'helm'
  | 'yaml'
  | 'json'
  | 'properties'
  | 'conf'
  | 'code'
  | 'ci'
  /** Shell scripts, Makefiles and the shell code blocks of Markdown documents. */
  | 'shell';

export type CodeLanguage = 'python' | 'javascript' | 'typescript' | 'go' | 'java' | 'kotlin' | 'scala' | 'ruby' | 'php' | 'csharp' | 'rust' | 'elixir';

/** Where in its file an assignment sits, beyond the position. */
export interface AssignmentContext {
  format: FileFormat;
  language?: CodeLanguage;
  /** docker-compose service name. */
  service?: string;
  /** Kubernetes object the value belongs to. */
  /** `keys`: for a Secret object or secretGenerator, every key it holds as written (secret-named or not). */
  kubernetes?: { kind: string; name?: string; namespace?: string; container?: string; keys?: string[] };
  /** CI: workflow/job/step where the env entry sits. */
  ci?: { system: 'github' | 'gitlab' | 'other'; job?: string };
  environment?: Environment;
  /** `.env.example`, `.env.sample`, `.env.template`, `*.dist`: documentation of the keys, not configuration. */
  isExample: boolean;
  /** Set by a parser that knows the value's role better than the path does (a CI job's test service: `ci-test`). */
  role?: FileRole;
}

/**
 * A secret-named key bound to a value at a position. Rules see only these (and the document text
 * where they must), never file formats.
 */
export interface SecretAssignment {
  /** The key as written: `JWT_SECRET_KEY`, `jwt.secret`, `SIMPLE_JWT['SIGNING_KEY']`. */
  key: string;
  /** Normalised key: upper case, `_`-separated (`jwt.secret` → `JWT_SECRET`, `jwtSecret` → `JWT_SECRET`). */
  keyId: string;
  origin: ValueOrigin;
  /** The value for literal/default origins (unquoted, unescaped, base64-decoded when `encoding` says so). */
  value?: string;
  /** Set when `value` was decoded from base64 (k8s Secret `data`). */
  encoding?: 'base64';
  /** For reference/fallback origins: the normalised key id of the variable referred to. */
  referenceTo?: string;
  /** For env/default/fallback origins: the environment variable read (normalised). */
  envName?: string;
  /** The value (literal/default) or the referring expression; the range findings point at. */
  span: Span;
  /** The key's range, when the key is written out. */
  keySpan?: Span;
  /**
   * The mechanical repair the parser knows for this syntax: turn the read into a strict read of
   * the environment with no fallback (`os.environ["K"]`, `${K:?K must be set}`, ...). Parsers own
   * syntax, so they build it; rules decide whether to offer it.
   */
  strictRead?: FixProposal;
  context: AssignmentContext;
}

/** A place where a secret-named value flows into a log/print call. */
export interface SecretUse {
  kind: 'log';
  /** The secret-named identifier or expression that is logged. */
  key: string;
  keyId: string;
  span: Span;
  /** The callee as written (`print`, `logger.info`, `console.log`). */
  sink: string;
}

/** A JSON Web Token written in a file (tests, docs, fixtures, front-end code, `.http` files). */
export interface JwtOccurrence {
  /** The compact serialisation `header.payload.signature`, as found. */
  token: string;
  span: Span;
  /** Decoded header and payload (JSON objects), when they decode. */
  header: Record<string, unknown>;
  payload: Record<string, unknown> | null;
}

/** A private signing key written in a file: a PEM block or a JWK with private members. */
export interface PrivateKeyOccurrence {
  /** What it is, in words for messages: `RSA private key (PKCS#1 PEM)`, `EC private JWK ("d")`. */
  kind: string;
  /** Protected by a passphrase (PKCS#8 `ENCRYPTED PRIVATE KEY`, RFC 1421 `Proc-Type: 4,ENCRYPTED`). */
  encrypted: boolean;
  /** The key material (PEM base64 body or the JWK member's value): for fingerprints only, never printed. */
  material: string;
  span: Span;
}

/** What a parser makes of one document. */
export interface ParsedDocument {
  format: FileFormat | 'other';
  assignments: SecretAssignment[];
  uses: SecretUse[];
  /** JWTs found in the text, whatever the format (filled in by the dispatcher, not the format parser). */
  jwts?: JwtOccurrence[];
  /** Private keys found in the text, whatever the format (filled in by the dispatcher). */
  privateKeys?: PrivateKeyOccurrence[];
  /**
   * Kubernetes: the Secrets this document defines (`kind: Secret`, secretGenerator: every key) or
   * reads (`secretKeyRef`: the key; `envFrom.secretRef`: none), whatever the keys are called.
   * Repairs reuse these names (rules/k8s-secret-names.ts).
   */
  kubernetesSecrets?: KubernetesSecretMention[];
  /** Parse failures: reported, never fatal. */
  problems: string[];
  /**
   * Work a cap on hostile input cut (reported as problems marked `cut`: they fail the run, unless
   * the document is context in a diff-scoped scan, where nothing of it would be reported).
   */
  cuts?: string[];
}

export interface KubernetesSecretMention {
  name: string;
  namespace?: string;
  keys: string[];
  /** `Kind/name` of the workload that reads it; absent where the Secret is defined. */
  reader?: string;
}

/** A text edit on one file; offsets are into that file's text as scanned (BOM excluded). */
export interface TextEdit {
  /** Relative path of the file to edit; may name a file that does not exist yet (created). */
  file: string;
  start: number;
  end: number;
  text: string;
}

/** A repair as data. Core applies it; the CLI prints it as a diff; the Action turns it into a PR suggestion. */
export interface FixProposal {
  /** One sentence: what the edit does. */
  description: string;
  edits: TextEdit[];
  /** Commands the user still has to run by hand (never containing a secret value). */
  commands?: string[];
  /** True when the edit removes a committed value: the output then says to rotate it. */
  removesCommittedValue?: boolean;
  /**
   * Set by core: a hash of the text the finding's own file had when scanned, so an edit is never
   * applied to a file that changed since (its offsets would be wrong).
   */
  baseHash?: string;
}

export interface Location {
  file: string;
  line: number;
  column: number;
  endLine: number;
  /** Exclusive, like SARIF. */
  endColumn: number;
}

export interface RelatedLocation {
  file: string;
  line: number;
  message?: string;
}

/** Derived from a secret value by core only; the value itself is never stored. */
export interface SecretSummary {
  /** At most 4 characters, or the whole value when it is a publicly known weak string. */
  preview: string;
  length: number;
  /** Stable across moves and reformatting; changes when the value changes. */
  fingerprint: string;
}

export interface Finding extends Location {
  ruleId: string;
  severity: Severity;
  messageId: string;
  /** Rendered: what is wrong, where, how to fix. Never holds a secret value. */
  message: string;
  secret?: SecretSummary;
  related: RelatedLocation[];
  /** The identity used by baselines and suppressions: rule, file and secret fingerprint (never a line). */
  fingerprint: string;
  fix?: FixProposal;
  /** A manual step in words when no mechanical fix is safe. */
  suggestion?: string;
  /** For history scans: the commit that introduced it, and whether the value is still at HEAD. */
  commit?: CommitInfo & { stillPresent?: boolean };
  /** The role of the place the finding is in (production code, a test, docs, a CI test service, dev tooling). */
  context: FileRole;
}

export interface ScanStats {
  files: number;
  bytes: number;
  ms: number;
}

/**
 * Something to know about the run that is neither a finding nor a file left unread: a baseline
 * entry that matches nothing any more, a baseline to rewrite. `file` is what it is about.
 */
export interface Note {
  file: string;
  message: string;
}

export interface ScanResult {
  root: string;
  findings: Finding[];
  problems: Problem[];
  /** Absent when there are none (results built before notes existed have none). */
  notes?: Note[];
  stats: ScanStats;
}
