import type { SecretNameMatcher } from '../../core/secret-names.js';
import type { AssignmentContext, CodeLanguage, Document, FixProposal, SecretAssignment, SecretUse, Span } from '../../core/types.js';
import type { Token } from './tokens.js';

/**
 * What one language family tells the shared scanner (engine.ts): its operators, how it reads the
 * environment, which calls sign JWTs or log. Each language file exports one of these.
 */
export interface LanguageSpec {
  /** `.` everywhere; `?.`, `->`, `::`, `&.` where the language has them. */
  memberSeps: ReadonlySet<string>;
  /** `=`, `:=`, `||=`, `??=`. */
  assignOps: ReadonlySet<string>;
  /** The operators that supply a value when the left side is unset: `or`, `||`, `??`, `?:`. */
  orOps: ReadonlySet<string>;
  /** Words that mean "no value": `None`, `null`, `nil`, `undefined`, `false`. */
  nullish: ReadonlySet<string>;
  /**
   * What `key:` means: 'annotation' (Python/Kotlin type annotation; a value follows `=`),
   * 'object' (JS/Go/C# object, struct and map entries), 'adjacent' (Ruby `key: value`, no space
   * before the colon), 'none'.
   */
  colonKeys: 'annotation' | 'object' | 'adjacent' | 'none';
  /** `'key' => value` (PHP arrays, Ruby hashes). */
  arrowKeys: boolean;
  /**
   * What a line break inside brackets does: 'continue' inside any bracket (Python), 'round' only
   * inside `(` and `[` (a `{` is a block or an object whose entries are statements), 'end' like
   * outside (Go inserts semicolons at line ends even inside parentheses).
   */
  newlinesInBrackets: 'continue' | 'round' | 'end';
  /** Words that end an expression (`if`/`else` in Python's conditional expression, Ruby modifiers). */
  stopWords: ReadonlySet<string>;
  /** Recognises an environment read starting at `ts[i]` (a chain start). */
  matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null;
  /** A read wrapped in a string token: JS `` `${process.env.K}` ?? "x" `` (the template is the read). */
  matchWrappedRead?(ctx: CodeContext, ts: Token[], i: number): EnvRead | null;
  /** A language-specific way a read gets a fallback (`Optional.ofNullable(...).orElse(x)`, `cmp.Or`). */
  extendRead?(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null;
  /** Calls whose key argument is a signing key whatever it is called (`jwt.sign(p, key)`). */
  sinks: readonly SigningSink[];
  /** Sinks a file defines for itself (an aliased import: `import jwtLib from 'jsonwebtoken'`). */
  extraSinks?(ctx: CodeContext): readonly SigningSink[];
  /** True when the callee (segment names, e.g. ['logger', 'info']) prints or logs its arguments. */
  isLogCall(segments: readonly string[]): boolean;
  /** Statement-style output without parentheses: Ruby `puts x`, `logger.info "..."`, PHP `echo $x`. */
  isStatementLog?(segments: readonly string[]): boolean;
  /** Overrides the key id of an object key by its surroundings (`secret` inside `session({...})`). */
  keyIdOverride?(ctx: CodeContext, ts: Token[], keyTok: number, keyId: string): string | undefined;
  /** Decides the origin of `target = OTHER_SECRET` when the language knows better (simplejwt). */
  referenceOrigin?(ctx: CodeContext, ts: Token[], target: Target, refKeyId: string): 'reference' | 'fallback' | null | undefined;
  /** A framework's own application key (`Rails.application.secret_key_base`, Django `settings.SECRET_KEY`). */
  isFrameworkKey?(path: string): boolean;
  /** Literal assigned to `target` is really a default read from the environment (pydantic settings). */
  literalIsDefault?(ctx: CodeContext, ts: Token[], target: Target): boolean;
  /** `name Type = value` declarations (Go `var`): the index of `=` after the name, or -1. */
  typedDeclarationOp?(ts: Token[], nameTok: number, afterName: number): number;
  /** Extra passes (Spring `@Value`, PHP `define`, JS destructuring) run after the environment reads. */
  hooks?: ReadonlyArray<(ctx: CodeContext) => void>;
}

/**
 * The syntax the brace languages with `key: value` object or struct literals share (JS/TS, Rust,
 * C#): a line break inside `(`/`[` continues the expression, and no word ends one.
 */
export const OBJECT_LITERAL_SYNTAX: Pick<LanguageSpec, 'colonKeys' | 'arrowKeys' | 'newlinesInBrackets' | 'stopWords'> = {
  colonKeys: 'object',
  arrowKeys: false,
  newlinesInBrackets: 'round',
  stopWords: new Set(),
};

/** A call that takes a signing key: the chosen arguments are keyed as `keyId` whatever they are called. */
export interface SigningSink {
  /** Tested against the callee's segment names joined by `.` (`jwt.sign`, `JWT.encode`, `token.SignedString`). */
  callee: RegExp;
  /** Positional argument indices to look at, or 'all'. */
  args: readonly number[] | 'all';
  /** Keyword/named arguments that hold the key (`key=` in PyJWT). */
  names?: readonly string[];
  keyId: string;
}

/** An environment (or configuration) read: `os.getenv("K")`, `process.env.K`, `ENV.fetch("K")`. */
export interface EnvRead {
  /** Token range of the read itself. */
  start: number;
  end: number;
  /** The variable or property name as written. */
  name: string;
  /** The token holding the name (a string literal, or the identifier of `process.env.K`). */
  nameTok: number;
  /** A default given to the read itself: a second argument, `default=`, a `fetch` block. */
  defaultRange?: TokenRange;
  /** Builds the strict-read repair for the whole expression (read plus its fallback), when the syntax has one. */
  strictRead?: (whole: Span) => FixProposal | undefined;
}

/** A read grown by the language's own fallback syntax. */
export interface ReadExtension {
  start: number;
  end: number;
  fallback: TokenRange;
}

export interface TokenRange {
  start: number;
  end: number;
}

/** The key side of an assignment: `SECRET_KEY`, `app.config['SECRET_KEY']`, `'SIGNING_KEY':`. */
export interface Target {
  key: string;
  keyId: string;
  keySpan: Span;
  /** First token of the key. */
  startTok: number;
  /** True when the key id was forced by its surroundings (`jwt.sign`, `secretOrKey`). */
  forced?: boolean;
}

/** Everything the passes share for one document. */
export interface CodeContext {
  doc: Document;
  text: string;
  language: CodeLanguage;
  spec: LanguageSpec;
  names: SecretNameMatcher;
  tokens: Token[];
  /** Token indices already explained by an environment read or a sink (1 = consumed). */
  consumed: Uint8Array;
  context: AssignmentContext;
  assignments: SecretAssignment[];
  uses: SecretUse[];
  seen: Set<string>;
  /** Per-document facts a language computes once (imports, class bodies). */
  memo: Map<string, unknown>;
}

/** Computes a per-document fact once. */
export function memoize<T>(ctx: CodeContext, key: string, compute: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const value = compute();
  ctx.memo.set(key, value);
  return value;
}
