/// Edit distances between short strings, for "did you mean" suggestions on misspelled options and
/// field names.
public enum EditDistance {
    /// The Levenshtein distance: the fewest single-character insertions, deletions and substitutions
    /// that turn `a` into `b`.
    ///
    /// Characters are compared as extended grapheme clusters (Swift `Character`s), so `é` counts as one
    /// character however it is encoded. Runs in O(|a|·|b|) time and O(min(|a|, |b|)) memory.
    ///
    /// - Parameters:
    ///   - a: One string.
    ///   - b: The other string.
    /// - Returns: The distance, 0 when the strings are equal.
    public static func levenshtein(_ a: some StringProtocol, _ b: some StringProtocol) -> Int {
        var long = Array(a)
        var short = Array(b)
        if short.count > long.count { swap(&long, &short) }
        if short.isEmpty { return long.count }

        // previous[j]: distance between the first i-1 characters of `long` and the first j of `short`.
        var previous = Array(0...short.count)
        var current = [Int](repeating: 0, count: short.count + 1)
        for (i, longCharacter) in long.enumerated() {
            current[0] = i + 1
            for (j, shortCharacter) in short.enumerated() {
                let substitution = previous[j] + (longCharacter == shortCharacter ? 0 : 1)
                current[j + 1] = min(substitution, previous[j + 1] + 1, current[j] + 1)
            }
            swap(&previous, &current)
        }
        return previous[short.count]
    }

    /// The candidate closest to `word`, if one is close enough to be a plausible misspelling.
    ///
    /// ```swift
    /// EditDistance.nearest(to: "--asof", among: ["--as-of", "--known-at"])   // "--as-of"
    /// ```
    ///
    /// - Parameters:
    ///   - word: What the user typed.
    ///   - candidates: The valid spellings.
    ///   - maxDistance: The largest distance still worth suggesting (default 2).
    /// - Returns: The candidate with the smallest distance that is at most `maxDistance`; among equally
    ///   close candidates, the first in `candidates`. `nil` if none is close enough.
    public static func nearest(
        to word: String, among candidates: some Sequence<String>, maxDistance: Int = 2
    ) -> String? {
        var best: (candidate: String, distance: Int)?
        let wordLength = word.count
        for candidate in candidates {
            // The length difference is a lower bound on the distance: skip hopeless candidates cheaply.
            if abs(candidate.count - wordLength) > min(maxDistance, best.map { $0.distance - 1 } ?? maxDistance) {
                continue
            }
            let distance = levenshtein(word, candidate)
            if distance <= maxDistance, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
                if distance == 0 { break }
            }
        }
        return best?.candidate
    }
}
