/// How many terminal columns text takes, computed here rather than by the C library's
/// `wcwidth`, so the layout is the same in every locale and testable without a terminal.
extension Unicode.Scalar {
    /// 0 for combining marks and zero-width characters, 2 for East Asian wide and fullwidth
    /// characters and emoji, 1 otherwise.
    package var displayWidth: Int {
        let value = self.value
        if value == 0 { return 0 }
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        if properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark
            || properties.generalCategory == .format || value == 0x200B {
            return 0
        }
        for range in Self.wideRanges where range.contains(value) { return 2 }
        return 1
    }

    /// East Asian Width W and F (Unicode 15), folded into ranges, plus emoji presentation.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF,
        0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF,
        0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}

extension Character {
    /// The columns of a grapheme as it is printed: its first scalar decides; what follows
    /// combines into it. A control or format character is printed as its `<U+XXXX>` escape
    /// (`TerminalText`), so it is measured as that escape: measured raw, an ESC took no column
    /// and a line that fitted overflowed once escaped, losing its end. A line break is not printed.
    package var displayWidth: Int {
        guard let first = unicodeScalars.first else { return 0 }
        if first.value >= 0x20, first.value < 0x7F, utf8.count == 1 { return 1 }
        if self == "\n" { return 0 }
        if unicodeScalars.contains(where: TerminalText.isUnsafe) {
            return TerminalText.visible(String(self)).reduce(0) { $0 + $1.displayWidth }
        }
        if unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return first.displayWidth
    }
}

extension String {
    /// Printable ASCII, most of what is measured, is a column a byte.
    package var displayWidth: Int {
        TerminalText.isPrintableASCII(self) ? utf8.count : reduce(0) { $0 + $1.displayWidth }
    }
}

extension StringProtocol {
    package var displayWidth: Int { reduce(0) { $0 + $1.displayWidth } }

    /// The longest prefix that fits `width` columns, with "…" when something was cut.
    package func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
        guard displayWidth > width else { return String(self) }
        guard width > 0 else { return "" }
        let room = width - ellipsis.displayWidth
        var result = ""
        var used = 0
        for character in self {
            let columns = character.displayWidth
            if used + columns > room { break }
            result.append(character)
            used += columns
        }
        return room >= 0 ? result + ellipsis : result
    }

    /// Lines of at most `width` columns, keeping explicit newlines. Latin text breaks at spaces;
    /// Japanese anywhere between wide glyphs except where the kinsoku rules forbid it (no line
    /// starts with a closing bracket, punctuation or small kana, none ends with an opening
    /// bracket), the break then moving back, since a terminal has no room to squeeze into.
    /// Words of narrow characters inside Japanese and URLs stay whole, and a path such as
    /// `Directory > Profile Editor > Mappings` breaks after a `>`. Only what is wider than the
    /// whole line is cut where it does not fit; a wide glyph, which cannot be cut, stands alone
    /// on a line narrower than it (a width of 1). A cut drops nothing: every character of the
    /// text is on some line. The lines are the text as printed: a control or format character
    /// is its `<U+XXXX>` escape (`TerminalText`), measured and broken as that text.
    ///
    /// `cuttingWords: false` never cuts: a word wider than the line (an identifier, a path, a
    /// command line of this program) has a line of its own, wider than `width`,
    /// for a terminal that wraps it softly and copies it whole. A buffer has no soft wrap: what
    /// draws into one cuts words (a line wider than its rectangle ends in `…`, see `Buffer.put`).
    package func wrapped(toWidth width: Int, cuttingWords: Bool = true) -> [String] {
        guard width > 0 else { return [] }
        let text = String(self)
        // Each key press draws the same paragraphs at the same widths as the frame before, and
        // breaking lines (kinsoku, paths, escapes) was most of drawing a pane.
        guard text.utf8.count <= WrapKey.longestText else { return text.breakLines(toWidth: width, cuttingWords: cuttingWords) }
        return WrapKey.memo.value(for: WrapKey(text: text, width: width, cuttingWords: cuttingWords)) {
            text.breakLines(toWidth: width, cuttingWords: cuttingWords)
        }
    }
}

extension String {
    fileprivate func breakLines(toWidth width: Int, cuttingWords: Bool) -> [String] {
        var lines: [String] = []
        for paragraph in split(separator: "\n", omittingEmptySubsequences: false) {
            // Broken as it is printed: an escape (`<U+202C>`) is text that may be split across
            // lines like any word wider than the line, and no line is wider once printed.
            LineBreaker(TerminalText.visible(String(paragraph))).wrap(toWidth: width, cuttingWords: cuttingWords, into: &lines)
        }
        return lines
    }
}

private struct WrapKey: Hashable, Sendable {
    var text: String
    var width: Int
    var cuttingWords: Bool
    /// A few screens' worth of paragraphs, each at most `longestText` bytes.
    static let memo = Memo<WrapKey, [String]>(capacity: 1024)
    static let longestText = 8192
}

extension String {
    func dropLast(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}
