/// Escaping of untrusted text for GitHub-flavoured Markdown.
///
/// Data from the ledger must read as data: it may not open links, images, emphasis, code
/// spans, headings or lists, nor carry HTML. The escaping is the same for prose
/// (``escapeInline(_:)``) and for table cells (``escapeCell(_:)``, used by ``MarkdownTable``):
/// - the text is first passed through ``TerminalText/sanitize(_:)``, so line breaks become
///   spaces and control, escape and bidirectional characters become `�`;
/// - `&`, `<` and `>` become `&amp;`, `&lt;` and `&gt;`, so HTML is shown, never rendered;
/// - ``escapedPunctuation`` characters get a backslash: `\` `` ` `` `*` `_` `[` `]` `~` `|`
///   `#` and `!`;
/// - in prose only (``escapeInline(_:)``), a `-`, `+` or `=` at the very start, and the `.`
///   or `)` after leading digits, get a backslash so the text cannot start a list or a
///   heading underline.
///
/// Bare URLs are left as they are: GitHub may still autolink `https://…` in text, which
/// shows the address the reader will visit.
public enum Markdown {
    /// The ASCII punctuation that is always backslash-escaped.
    public static let escapedPunctuation: Set<Character> = ["\\", "`", "*", "_", "[", "]", "~", "|", "#", "!"]

    /// Escapes untrusted text for Markdown prose that may begin a line.
    ///
    /// Besides the escaping every cell gets (see ``escapeCell(_:)``), a `-`, `+` or `=` at
    /// the start, and the `.` or `)` right after leading digits, get a backslash, so the
    /// text cannot start a list item or a heading underline.
    ///
    /// - Parameter s: Untrusted text.
    /// - Returns: One line of Markdown that renders as exactly the sanitized text.
    public static func escapeInline(_ s: String) -> String {
        escape(s, atLineStart: true)
    }

    /// Escapes untrusted text for a GitHub-flavoured Markdown table cell.
    ///
    /// Sanitizes with ``TerminalText/sanitize(_:)``, turns `&`, `<`, `>` into entities and
    /// backslash-escapes ``escapedPunctuation`` (which includes `|`). Numbers such as `-4`
    /// or `12.5` are left as they are: inside a cell they cannot start a block.
    ///
    /// - Parameter s: Untrusted text.
    /// - Returns: Cell text that renders as exactly the sanitized text.
    public static func escapeCell(_ s: String) -> String {
        escape(s, atLineStart: false)
    }

    /// The shared escaping; `atLineStart` adds the block-start escapes of prose.
    static func escape(_ s: String, atLineStart: Bool) -> String {
        let text = TerminalText.sanitize(s)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var onlyDigitsSoFar = atLineStart
        for (offset, character) in text.enumerated() {
            if onlyDigitsSoFar && offset > 0 && (character == "." || character == ")") {
                out += "\\"
            }
            if !("0"..."9").contains(character) { onlyDigitsSoFar = false }
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default:
                let startsBlock = atLineStart && offset == 0 && (character == "-" || character == "+" || character == "=")
                if startsBlock || escapedPunctuation.contains(character) { out += "\\" }
                out.append(character)
            }
        }
        return out
    }
}
