/// Makes untrusted text safe and measurable for a terminal.
///
/// Ledger data comes from outside sources and may carry bytes that a terminal would
/// interpret: escape sequences that recolour, retitle or hyperlink the screen, carriage
/// returns that overwrite a line, and bidirectional controls that reorder what the
/// reader sees (`"\u{202E}gnp.exe"` displays as `exe.png`). ``sanitize(_:)`` removes
/// all of them, visibly; ``displayWidth(_:)`` and ``truncate(_:toWidth:)`` measure and
/// cut text in terminal columns so that tables stay aligned with CJK text and emoji.
public enum TerminalText {
    /// The visible placeholder that replaces every removed control character, escape
    /// sequence or bidirectional formatting character: U+FFFD REPLACEMENT CHARACTER (`�`).
    ///
    /// U+FFFD was chosen over `?` because it cannot be mistaken for data: a `?` may be
    /// part of a legitimate name, the replacement character never is.
    public static let placeholder: Character = "\u{FFFD}"

    /// Returns `s` with everything a terminal would interpret replaced.
    ///
    /// - Line breaks (LF, CR, CR LF, VT, FF, U+2028, U+2029) and TAB become one space each.
    /// - A whole escape sequence becomes one ``placeholder``: CSI (`ESC [` … final byte, or
    ///   C1 `0x9B`), the string sequences OSC, DCS, SOS, PM and APC (`ESC ]`, `ESC P`,
    ///   `ESC X`, `ESC ^`, `ESC _` or their C1 forms, up to BEL or ST), and two-character
    ///   escapes (`ESC` + intermediates + final byte). An unterminated sequence replaces
    ///   only its introducer, and the rest of the text is sanitized as ordinary text.
    /// - Every other C0 control (U+0000–U+001F), DEL (U+007F) and C1 control
    ///   (U+0080–U+009F) becomes one ``placeholder``.
    /// - Bidirectional embeddings, overrides, isolates and marks (U+202A–U+202E,
    ///   U+2066–U+2069, U+200E, U+200F, U+061C) each become one ``placeholder``.
    ///
    /// Everything else, including combining marks, CJK text and emoji, is kept.
    ///
    /// - Parameter s: Untrusted text.
    /// - Returns: Text that is safe to write to a terminal, on one line.
    public static func sanitize(_ s: String) -> String {
        if isPlainASCII(s) { return s }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count)
        let replacement = placeholder.unicodeScalars.first!
        var i = 0
        while i < scalars.count {
            let v = scalars[i].value
            switch v {
            case 0x0D:
                out.append(" ")
                // CR LF is one line break, so one space.
                i += (i + 1 < scalars.count && scalars[i + 1].value == 0x0A) ? 2 : 1
                continue
            case 0x09, 0x0A, 0x0B, 0x0C, 0x2028, 0x2029:
                out.append(" ")
            case 0x1B:
                out.append(replacement)
                i = endOfEscape(scalars, at: i)
                continue
            case 0x9B, 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                out.append(replacement)
                i = endOfC1Sequence(scalars, at: i)
                continue
            case 0x00...0x1F, 0x7F, 0x80...0x9F:
                out.append(replacement)
            case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                out.append(replacement)
            default:
                out.append(scalars[i])
            }
            i += 1
        }
        return String(out)
    }

    /// Returns the number of terminal columns `s` occupies.
    ///
    /// Counts grapheme clusters with ``displayWidth(of:)``: East Asian wide and fullwidth
    /// characters and emoji count 2, combining marks and other zero-width characters 0,
    /// everything else 1. The wide ranges are an approximation of Unicode's
    /// East_Asian_Width W and F classes, good enough for aligning tables.
    ///
    /// - Parameter s: Text, normally already passed through ``sanitize(_:)``.
    /// - Returns: The width in columns.
    public static func displayWidth(_ s: String) -> Int {
        if isPlainASCII(s) { return s.utf8.count }
        var width = 0
        for character in s {
            width += displayWidth(of: character)
        }
        return width
    }

    /// Returns the number of terminal columns one grapheme cluster occupies: 0, 1 or 2.
    ///
    /// - Parameter character: One grapheme cluster.
    /// - Returns: 2 for wide characters and emoji, 0 for clusters made only of combining
    ///   marks, format characters or controls, otherwise 1.
    public static func displayWidth(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.allSatisfy(isZeroWidth) { return 0 }
        if isWide(first) { return 2 }
        if first.properties.isEmojiPresentation { return 2 }
        // An emoji with text presentation by default becomes wide with VS16.
        if first.properties.isEmoji && scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return 1
    }

    /// Returns `s` cut to at most `width` columns, ending with `…` when anything was cut.
    ///
    /// The ellipsis takes one column. Text that already fits is returned unchanged. A wide
    /// character that would straddle the limit is dropped, so the result may be one column
    /// narrower than `width`; spaces just before the ellipsis are dropped too (`"Su-35
    /// multirole fighter"` cut to 17 is `"Su-35 multirole…"`). This function does not
    /// sanitize; call ``sanitize(_:)`` first.
    ///
    /// - Parameters:
    ///   - s: The text to cut.
    ///   - width: The maximum width in columns; 0 or less gives the empty string.
    /// - Returns: Text no wider than `width` columns.
    /// True when every byte is printable ASCII (0x20–0x7E): nothing to replace, one column each.
    static func isPlainASCII(_ s: String) -> Bool {
        var copy = s
        return copy.withUTF8 { $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
    }

    public static func truncate(_ s: String, toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        if displayWidth(s) <= width { return s }
        var result = ""
        var used = 0
        for character in s {
            let w = displayWidth(of: character)
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        while result.last == " " { result.removeLast() }
        result.append("…")
        return result
    }

    // MARK: - Internal machinery

    /// Returns the index just past the escape sequence that starts with ESC at `start`,
    /// or `start + 1` when the sequence is unterminated.
    static func endOfEscape(_ scalars: [Unicode.Scalar], at start: Int) -> Int {
        let next = start + 1
        guard next < scalars.count else { return next }
        switch scalars[next].value {
        case 0x5B:  // "[" CSI
            return endOfCSI(scalars, from: next + 1) ?? next
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F:  // "]" OSC, "P" DCS, "X" SOS, "^" PM, "_" APC
            return endOfControlString(scalars, from: next + 1) ?? next
        default:
            // nF escape: intermediates 0x20–0x2F, then one final byte 0x30–0x7E.
            var j = next
            while j < scalars.count, (0x20...0x2F).contains(scalars[j].value) { j += 1 }
            if j < scalars.count, (0x30...0x7E).contains(scalars[j].value) { return j + 1 }
            return next
        }
    }

    /// Returns the index just past the C1-introduced sequence at `start` (CSI `0x9B`, or a
    /// control string introducer), or `start + 1` when it is unterminated.
    static func endOfC1Sequence(_ scalars: [Unicode.Scalar], at start: Int) -> Int {
        if scalars[start].value == 0x9B {
            return endOfCSI(scalars, from: start + 1) ?? start + 1
        }
        return endOfControlString(scalars, from: start + 1) ?? start + 1
    }

    /// Parses CSI parameters (0x30–0x3F), intermediates (0x20–0x2F) and the final byte
    /// (0x40–0x7E) from `from`; returns the index past the final byte, or nil.
    static func endOfCSI(_ scalars: [Unicode.Scalar], from: Int) -> Int? {
        var j = from
        while j < scalars.count, (0x30...0x3F).contains(scalars[j].value) { j += 1 }
        while j < scalars.count, (0x20...0x2F).contains(scalars[j].value) { j += 1 }
        if j < scalars.count, (0x40...0x7E).contains(scalars[j].value) { return j + 1 }
        return nil
    }

    /// Finds the terminator of a control string (BEL, ESC `\` or C1 ST `0x9C`) from
    /// `from`; returns the index past it, or nil.
    static func endOfControlString(_ scalars: [Unicode.Scalar], from: Int) -> Int? {
        var j = from
        while j < scalars.count {
            switch scalars[j].value {
            case 0x07, 0x9C:
                return j + 1
            case 0x1B:
                if j + 1 < scalars.count, scalars[j + 1].value == 0x5C { return j + 2 }
                return nil
            default:
                j += 1
            }
        }
        return nil
    }

    /// Whether a scalar takes no column of its own: combining and enclosing marks, format
    /// characters (ZWJ, ZWSP…), variation selectors and controls.
    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control:
            return true
        default:
            return (0xFE00...0xFE0F).contains(scalar.value)
                || (0xE0100...0xE01EF).contains(scalar.value)
        }
    }

    /// Whether a scalar is East Asian wide or fullwidth (approximate ranges).
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F,  // Hangul Jamo initial consonants
            0x231A...0x231B, 0x2329...0x232A,  // watch, hourglass, angle brackets
            0x2E80...0x303E,  // CJK radicals, Kangxi, CJK symbols and punctuation
            0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, compatibility
            0x3400...0x4DBF,  // CJK extension A
            0x4E00...0x9FFF,  // CJK unified ideographs
            0xA000...0xA4CF,  // Yi
            0xA960...0xA97F,  // Hangul Jamo extended A
            0xAC00...0xD7A3,  // Hangul syllables
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0xFE10...0xFE19, 0xFE30...0xFE6F,  // vertical forms, CJK compatibility forms
            0xFF00...0xFF60, 0xFFE0...0xFFE6,  // fullwidth forms
            0x1F300...0x1F64F, 0x1F900...0x1F9FF,  // pictographs, emoticons
            0x20000...0x2FFFD, 0x30000...0x3FFFD:  // CJK extensions B–H
            return true
        default:
            return false
        }
    }
}
