/// Edit distance for "did you mean" suggestions.
///
/// Internal to the argument parser; the public `EditDistance` in ArmsLedger is separate.
internal enum Levenshtein {
    /// Returns the Levenshtein distance between `a` and `b`: the fewest insertions,
    /// deletions and substitutions of characters that turn one into the other.
    ///
    /// Uses two rows of the classic dynamic-programming table: O(|a|·|b|) time,
    /// O(|b|) space. Compares grapheme clusters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Returns the candidate closest to `word` within `maxDistance` edits, or nil.
    ///
    /// Ties go to the candidate listed first, so declaration order decides.
    static func suggestion(for word: String, among candidates: [String], maxDistance: Int = 2) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let d = distance(word, candidate)
            if d <= maxDistance, d < (best?.distance ?? Int.max) {
                best = (candidate, d)
            }
        }
        return best?.candidate
    }
}
