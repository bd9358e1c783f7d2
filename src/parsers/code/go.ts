import type { CodeContext, EnvRead, LanguageSpec, ReadExtension } from './language.js';
import { callRead } from './reads.js';
import type { Token } from './tokens.js';
import { callArgs, calleeOf, isId, isOp, readChain } from './walk.js';

/**
 * Go: `os.Getenv("K")`, the fallback helpers every project writes (`getEnv("K", "x")`,
 * `GetEnvOrDefault`, `envOr`), `cmp.Or(os.Getenv("K"), "x")`, `jwtKey := []byte("lit")`,
 * `var`/`const` declarations, struct fields, and `token.SignedString([]byte("lit"))`.
 */

const STRICT_READS = new Set(['os.Getenv', 'os.LookupEnv', 'syscall.Getenv']);
/** Helper names that read a variable, with a fallback as second argument: getEnv, GetEnvOrDefault, envOr, MustGetEnv. */
const ENV_HELPER = /env/i;
/** ...but not the ones that configure or list the environment (viper.BindEnv, os.Setenv, os.ExpandEnv). */
const NOT_A_READ = /^(bind|set|unset|expand|clear|automatic|environ$)/i;

function matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  const chain = readChain(ctx, ts, i);
  if (!chain || chain.segments.some((s) => s.kind !== 'id') || !isOp(ts[chain.end], '(')) return null;
  const names = chain.segments.map((s) => s.name);
  const path = names.join('.');
  if (STRICT_READS.has(path)) return callRead(ts, i, chain.end)?.read ?? null;
  const last = names[names.length - 1] ?? '';
  if (names[0] === 'os' || !ENV_HELPER.test(last) || NOT_A_READ.test(last)) return null;
  return callRead(ts, i, chain.end, 1)?.read ?? null;
}

/** `cmp.Or(os.Getenv("K"), "x")`: the first non-zero argument wins. */
function extendRead(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  const open = ts[read.start]?.parent ?? -1;
  if (!isOp(ts[open], '(') || open !== read.start - 1) return null;
  const callee = calleeOf(ctx, ts, open);
  if (!callee || callee.segments.join('.') !== 'cmp.Or') return null;
  const args = callArgs(ts, open);
  const second = args?.[1];
  if (!second || args?.[0]?.end !== read.end) return null;
  return { start: callee.start, end: (ts[open]?.match ?? open) + 1, fallback: { start: second.start, end: second.end } };
}

/** `var jwtSecret string = "..."`: the `=` after a name and its type, in a `var`/`const` declaration. */
function typedDeclarationOp(ts: Token[], nameTok: number, afterName: number): number {
  const before = ts[nameTok - 1];
  const parent = ts[nameTok]?.parent ?? -1;
  const inBlock = parent >= 0 && isOp(ts[parent], '(') && (isId(ts[parent - 1], 'var') || isId(ts[parent - 1], 'const'));
  if (!(isId(before, 'var') || isId(before, 'const') || (inBlock && (before?.kind === 'nl' || before === ts[parent])))) return -1;
  const first = ts[afterName];
  if (!first || !(first.kind === 'id' || isOp(first, '[') || isOp(first, '*'))) return -1;
  for (let k = afterName; k < afterName + 12; k++) {
    const t = ts[k];
    if (!t || t.kind === 'nl' || isOp(t, ';')) return -1;
    if (isOp(t, '=') && t.parent === ts[nameTok]?.parent) return k;
  }
  return -1;
}

const LOG_METHOD = /^(Print|Fatal|Panic|Debug|Info|Warn|Warning|Error|Trace)(f|ln|w)?$/;

function isLogCall(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  const receiver = segments[segments.length - 2];
  if (receiver === undefined) return last === 'println' || last === 'print';
  if (receiver === 'fmt') return /^F?Print(f|ln)?$/.test(last);
  return LOG_METHOD.test(last) && /log|zap|sugar|logrus/i.test(receiver);
}

export const go: LanguageSpec = {
  memberSeps: new Set(['.']),
  assignOps: new Set(['=', ':=']),
  orOps: new Set(),
  nullish: new Set(['nil']),
  colonKeys: 'object',
  arrowKeys: false,
  newlinesInBrackets: 'end',
  stopWords: new Set(),
  matchEnvRead,
  extendRead,
  sinks: [{ callee: /(^|\.)SignedString$/, args: [0], keyId: 'JWT_SECRET' }],
  isLogCall,
  typedDeclarationOp,
};
