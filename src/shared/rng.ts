/**
 * Small deterministic PRNG (mulberry32): the same seed always gives the same sequence, so generated
 * corpora, demo homes and the backend's demo organisation are reproducible. In shared/ so the demo
 * logs and the backend's seeder use one.
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
