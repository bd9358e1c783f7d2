import picomatch from 'picomatch';
import type { OrgRepository } from './api.js';

/** GitHub's limit on the jobs one matrix may generate (docs: "Using a matrix for your jobs"). */
export const MAX_MATRIX_JOBS = 256;
/** Repositories per scan job when not asked: enough to amortize a job's start-up (checkout, Node). */
export const DEFAULT_SHARD_SIZE = 10;

export interface RepositoryFilter {
  includeForks: boolean;
  includeArchived: boolean;
  /** Keep only repositories with at least one of these topics (none: no topic filter). */
  topics: readonly string[];
  /** Globs over `owner/name` or `name`, case-insensitive (GitHub names are). */
  exclude: readonly string[];
}

export interface Selection {
  /** `owner/name`, sorted. */
  repositories: string[];
  left: { forks: number; archived: number; topic: number; excluded: number };
}

/** Applies the filter; a repository left out is counted under the first reason that applies. */
export function selectRepositories(repos: readonly OrgRepository[], filter: RepositoryFilter): Selection {
  const isExcluded = filter.exclude.length > 0 ? picomatch([...filter.exclude], { nocase: true, dot: true }) : () => false;
  const topics = new Set(filter.topics.map((t) => t.toLowerCase()));
  const left = { forks: 0, archived: 0, topic: 0, excluded: 0 };
  const kept = new Set<string>();
  for (const r of repos) {
    if (r.fork && !filter.includeForks) left.forks++;
    else if (r.archived && !filter.includeArchived) left.archived++;
    else if (topics.size > 0 && !r.topics.some((t) => topics.has(t.toLowerCase()))) left.topic++;
    else if (isExcluded(r.fullName) || isExcluded(r.fullName.slice(r.fullName.indexOf('/') + 1))) left.excluded++;
    else kept.add(r.fullName);
  }
  return { repositories: [...kept].sort(compareNames), left };
}

/** Byte order, so every machine sorts the same way. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface Shard {
  shard: number;
  /** `owner/a,owner/b`. */
  repos: string;
}

export interface Sharding {
  /** The largest shard's size: the requested size, raised when it would need more than 256 jobs. */
  shardSize: number;
  /** Whether the requested size was raised to stay within the matrix limit. */
  isRaised: boolean;
  include: Shard[];
}

/**
 * Splits sorted repositories into at most 256 shards of at most `shardSize`
 * (max(requested, ceil(n/256))), balanced so that sizes differ by at most one.
 */
export function shardRepositories(repositories: readonly string[], requested: number = DEFAULT_SHARD_SIZE): Sharding {
  const n = repositories.length;
  const minimum = Math.ceil(n / MAX_MATRIX_JOBS);
  const size = Math.max(requested, minimum, 1);
  const count = Math.ceil(n / size);
  const include: Shard[] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const take = Math.floor(n / count) + (i < n % count ? 1 : 0);
    include.push({ shard: i + 1, repos: repositories.slice(start, start + take).join(',') });
    start += take;
  }
  const largest = count === 0 ? 0 : Math.ceil(n / count);
  return { shardSize: largest, isRaised: minimum > requested, include };
}

/** Splits option values that may each hold several items, separated by commas or white space. */
export function splitList(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    let depth = 0;
    let item = '';
    for (const ch of v) {
      // Commas inside {a,b} belong to a glob.
      if (ch === '{') depth++;
      else if (ch === '}') depth = Math.max(0, depth - 1);
      if ((ch === ',' && depth === 0) || /\s/.test(ch)) {
        if (item !== '') out.push(item);
        item = '';
      } else item += ch;
    }
    if (item !== '') out.push(item);
  }
  return out;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** Checks `owner/name` (and that neither part could walk out of an output directory). */
export function isRepositoryName(name: string): boolean {
  const parts = name.split('/');
  return parts.length === 2 && parts.every((p) => NAME.test(p) && p !== '.' && p !== '..');
}
