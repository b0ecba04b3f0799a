import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from './rate-limit.ts';

/** A limiter on a clock the test moves by hand. */
function limiter(perMinute: number) {
  let t = 1_000_000;
  const l = createMemoryRateLimiter({ perMinute, now: () => t, maxKeys: 3 });
  return { l, advance: (ms: number) => (t += ms) };
}

describe('createMemoryRateLimiter', () => {
  it('allows a burst of perMinute, then refuses with the wait until the next token', async () => {
    const { l } = limiter(3);
    for (let i = 0; i < 3; i++) expect((await l.consume('a')).allowed).toBe(true);
    expect(await l.consume('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it('refills over time', async () => {
    const { l, advance } = limiter(6);
    for (let i = 0; i < 6; i++) await l.consume('a');
    expect((await l.consume('a')).allowed).toBe(false);
    advance(10_000); // one token per 10 s
    expect((await l.consume('a')).allowed).toBe(true);
    expect((await l.consume('a')).allowed).toBe(false);
  });

  it('counts each key separately', async () => {
    const { l } = limiter(1);
    expect((await l.consume('a')).allowed).toBe(true);
    expect((await l.consume('b')).allowed).toBe(true);
    expect((await l.consume('a')).allowed).toBe(false);
  });

  it('past maxKeys, forgets only clients whose bucket has refilled', async () => {
    const { l, advance } = limiter(1);
    await l.consume('busy');
    advance(60_000);
    for (const key of ['x', 'y', 'z']) await l.consume(key);
    await l.consume('busy');
    await l.consume('w'); // over maxKeys, but nobody is idle: nothing is forgotten
    expect((await l.consume('busy')).allowed).toBe(false);
  });
});
