//! Helpers for the unit tests inside the crate.

/// A xorshift64 generator: deterministic pseudo-random cases for the tests
/// that compare a fast path with its obvious reference, so that a failure
/// reproduces on every machine.
pub(crate) struct XorShift(u64);

impl XorShift {
    /// A generator started at `seed` (must not be 0).
    pub(crate) fn new(seed: u64) -> XorShift {
        XorShift(seed)
    }

    /// The next raw value.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A value in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}
