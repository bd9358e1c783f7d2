import type { CodeContext, EnvRead, LanguageSpec } from './language.js';
import { callRead, rawName, replaceWhole, strictDescription } from './reads.js';
import type { StringLiteral } from './string-literal.js';
import type { Token } from './tokens.js';
import { isOp, readChain, simpleQuote } from './walk.js';

/**
 * Ruby: `ENV.fetch("K", "x")`, `ENV.fetch("K") { "x" }`, `ENV["K"] || "x"`, constants,
 * `config.secret_key_base = "..."`, hash entries, and JWT keyed by Rails' own
 * `secret_key_base` (`JWT.encode(payload, Rails.application.secret_key_base)`).
 */

function matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  const chain = readChain(ctx, ts, i);
  const first = chain?.segments[0];
  const second = chain?.segments[1];
  if (!chain || first?.name !== 'ENV' || !second) return null;
  if (second.kind === 'key') {
    const lit = ts[second.tok]?.lit;
    const read: EnvRead = { start: i, end: second.tok + 2, name: second.name, nameTok: second.tok };
    if (lit) read.strictRead = (whole) => fetchFix(ctx, whole, lit);
    return read;
  }
  if (second.name !== 'fetch' || chain.segments.length !== 2 || !isOp(ts[chain.end], '(')) return null;
  const found = callRead(ts, i, chain.end, 1);
  if (!found) return null;
  const { read, lit } = found;
  // ENV.fetch("K") { "x" }: the block's value is the default.
  const block = ts[read.end];
  if (!read.defaultRange && isOp(block, '{') && block && block.match > read.end) {
    let s = read.end + 1;
    if (isOp(ts[s], '|')) {
      let k = s + 1;
      while (k < block.match && !isOp(ts[k], '|')) k++;
      s = k + 1;
    }
    read.defaultRange = { start: s, end: block.match };
    read.end = block.match + 1;
  }
  read.strictRead = (whole) => fetchFix(ctx, whole, lit);
  return read;
}

function fetchFix(ctx: CodeContext, whole: { start: number; end: number }, lit: StringLiteral) {
  const q = simpleQuote(lit);
  return replaceWhole(ctx, whole, `ENV.fetch(${q}${rawName(ctx, lit)}${q})`, strictDescription(lit.value, 'ENV.fetch and no default'));
}

/** Rails' application key, whatever store it is read from. */
function isFrameworkKey(path: string): boolean {
  return /^Rails\.application\.((credentials|secrets|config)\.)?secret_key_base!?$/.test(path);
}

const LOGGER_METHODS = new Set(['debug', 'info', 'warn', 'error', 'fatal', 'unknown']);
const OUTPUT = new Set(['puts', 'p', 'pp', 'print', 'warn']);

function isLogCall(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  const receiver = segments[segments.length - 2];
  if (receiver === undefined) return OUTPUT.has(last);
  if (/^(\$std(out|err)|STD(OUT|ERR))$/.test(receiver)) return last === 'puts' || last === 'print' || last === 'write';
  return LOGGER_METHODS.has(last) && /log/i.test(receiver);
}

export const ruby: LanguageSpec = {
  memberSeps: new Set(['.', '&.', '::']),
  assignOps: new Set(['=', '||=']),
  orOps: new Set(['||']),
  nullish: new Set(['nil', 'false']),
  colonKeys: 'adjacent',
  arrowKeys: true,
  newlinesInBrackets: 'round',
  stopWords: new Set(['if', 'unless', 'while', 'until', 'rescue', 'and', 'or', 'do', 'then']),
  matchEnvRead,
  sinks: [{ callee: /^JWT\.(encode|decode)$/, args: [1], keyId: 'JWT_SECRET' }],
  isLogCall,
  isStatementLog: isLogCall,
  isFrameworkKey,
};
