/// Human text that knows where each of its parts came from: our own words, or a value from
/// outside the program (an Okta answer, a file, the environment) that a terminal must show but
/// never obey and a Markdown document must quote but never read as Markdown.
///
/// A string literal is ours; every interpolated `String` is outside unless the call says
/// otherwise, so forgetting to think about a value leaves it quoted, never trusted. Colour is a
/// `Style` on a part, never an escape sequence in its text: only a writer turns a style into
/// bytes, and only for a medium that has colour. The writers are `TerminalWriter` (the command
/// line, plain mode), `MarkdownWriter` (reports) and, for scripts, exact JSON that never comes
/// here.
package struct Prose: Sendable, Equatable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    package enum Origin: Sendable, Equatable, Hashable {
        /// Words this program wrote: Markdown takes them as they are; line breaks are ours.
        case ours
        /// A value from outside, one line: a line break in it is shown, never acted on.
        case outside
        /// A value from outside that is several lines (an error's own lines): each line is
        /// quoted on its own; Markdown still keeps it on one line.
        case outsideLines
        /// A value from outside that reads as code (an id, a request, a path): Markdown puts it
        /// in a code span, a terminal shows it as text.
        case code
    }

    package struct Segment: Sendable, Equatable, Hashable {
        package var text: String
        package var origin: Origin
        package var style: Style?

        package init(_ text: String, _ origin: Origin, style: Style? = nil) {
            self.text = text
            self.origin = origin
            self.style = style
        }
    }

    package private(set) var segments: [Segment]

    package init(segments: [Segment] = []) { self.segments = segments.filter { !$0.text.isEmpty } }
    package init(stringLiteral value: String) { self.init(segments: [Segment(value, .ours)]) }
    package init(stringInterpolation: StringInterpolation) { self.init(segments: stringInterpolation.segments) }

    package static func ours(_ text: String) -> Prose { Prose(segments: [Segment(text, .ours)]) }
    package static func outside(_ text: String) -> Prose { Prose(segments: [Segment(text, .outside)]) }
    package static func outsideLines(_ text: String) -> Prose { Prose(segments: [Segment(text, .outsideLines)]) }
    package static func code(_ text: String) -> Prose { Prose(segments: [Segment(text, .code)]) }

    package struct StringInterpolation: StringInterpolationProtocol {
        var segments: [Segment] = []

        package init(literalCapacity: Int, interpolationCount: Int) {}

        package mutating func appendLiteral(_ literal: String) { segments.append(Segment(literal, .ours)) }
        /// A value from outside, by default.
        package mutating func appendInterpolation(_ value: some StringProtocol) { segments.append(Segment(String(value), .outside)) }
        package mutating func appendInterpolation(_ value: Prose) { segments.append(contentsOf: value.segments) }
        /// A number this program counted.
        package mutating func appendInterpolation(_ value: some BinaryInteger) { segments.append(Segment("\(value)", .ours)) }
        /// Words this program made (a translated sentence with no outside value in it).
        package mutating func appendInterpolation(ours value: String) { segments.append(Segment(value, .ours)) }
        /// A value from outside that reads as code: an id, a request id, a path.
        package mutating func appendInterpolation(code value: String) { segments.append(Segment(value, .code)) }
        /// A value from outside that is several lines.
        package mutating func appendInterpolation(lines value: String) { segments.append(Segment(value, .outsideLines)) }
    }

    package var isEmpty: Bool { segments.isEmpty }

    /// The text without origins or styles: for tests and for measuring, never for output.
    package var description: String { segments.map(\.text).joined() }

    /// The same text in `style`, where a part has none of its own.
    package func styled(_ style: Style) -> Prose {
        Prose(segments: segments.map { segment in
            var segment = segment
            segment.style = segment.style ?? style
            return segment
        })
    }

    package static func + (lhs: Prose, rhs: Prose) -> Prose { Prose(segments: lhs.segments + rhs.segments) }
    package static func += (lhs: inout Prose, rhs: Prose) { lhs.segments += rhs.segments.filter { !$0.text.isEmpty } }
}

extension Sequence where Element == Prose {
    package func joined(separator: Prose = "") -> Prose {
        var out = Prose()
        for (index, part) in enumerated() {
            if index > 0 { out += separator }
            out += part
        }
        return out
    }
}

/// Prose for a terminal or a plain transcript: every part through `TerminalText.visible` (ours
/// too: a path or a number formatted by us is still no place for a control), our line breaks
/// kept, and colour only from the parts' styles, only when the medium has colour.
package struct TerminalWriter: Sendable {
    package var colour: Bool

    package init(colour: Bool) { self.colour = colour }

    /// The plain transcript: one column of words, no colour, no escape sequence.
    package static let plain = TerminalWriter(colour: false)

    package func render(_ prose: Prose) -> String {
        var out = ""
        var open: Style?
        for segment in prose.segments {
            let text: String
            switch segment.origin {
            case .ours, .outsideLines: text = TerminalText.visible(segment.text, keepingNewlines: true)
            case .outside, .code: text = TerminalText.visible(segment.text)
            }
            let style = colour ? segment.style.flatMap { Self.sgr($0) == nil ? nil : $0 } : nil
            if style != open {
                if open != nil { out += "\u{1B}[0m" }
                if let style, let codes = Self.sgr(style) { out += "\u{1B}[\(codes)m" }
                open = style
            }
            out += text
        }
        if open != nil { out += "\u{1B}[0m" }
        return out
    }

    /// The SGR parameters of a style (nil: nothing to set).
    static func sgr(_ style: Style) -> String? {
        var codes: [Int] = []
        if style.bold { codes.append(1) }
        if style.dim { codes.append(2) }
        if style.underline { codes.append(4) }
        if style.reverse { codes.append(7) }
        if let index = Self.colours[style.foreground] { codes.append(30 + index) }
        if let index = Self.colours[style.background] { codes.append(40 + index) }
        return codes.isEmpty ? nil : codes.map(String.init).joined(separator: ";")
    }

    private static let colours: [Color: Int] = [.black: 0, .red: 1, .green: 2, .yellow: 3, .blue: 4, .magenta: 5, .cyan: 6, .white: 7]
}

/// Prose for a Markdown document (a change ticket): our words as they are; a value from outside
/// can never start a block (Markdown reads lines before code spans, so `\n- ` starts a list item
/// even inside backticks: its line breaks go) and is either in a code span whose fence is
/// longer than any run of backticks in it, or escaped for Markdown and HTML.
package enum MarkdownWriter {
    package static func render(_ prose: Prose) -> String {
        prose.segments.map { segment in
            switch segment.origin {
            case .ours: return segment.text
            case .outside, .outsideLines: return escaped(segment.text)
            case .code: return codeSpan(segment.text)
            }
        }.joined()
    }

    /// A value on one line: every line break (CR, LF, NEL, LS, PS, VT, FF) becomes a space.
    package static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": out.append(" ")
            default: out.append(scalar)
            }
        }
        // The rest (ESC, C1, bidi overrides, zero-width characters) shown, as a terminal would
        // show them: a ticket is read in terminals too.
        return TerminalText.visible(String(out))
    }

    /// Outside text as inline Markdown that reads as the text: no emphasis, no link or image,
    /// no HTML, no table cell break, no code span. Ordinary words (letters, digits, spaces,
    /// `.:/-'=^()[]` on their own) pass unchanged, so a safe value reads as before.
    package static func escaped(_ text: String) -> String {
        var out = ""
        var previous: Character?
        for character in oneLine(text) {
            switch character {
            // `[` and `]` alone stay for readability (`phoneNumbers.^[type=='Dialpad']`): a link
            // needs `](` or a definition at a line's start, and no value of theirs gets either.
            case "\\", "`", "*", "_", "~", "|": out += "\\" + String(character)
            case "(" where previous == "]": out += "\\("
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default: out.append(character)
            }
            previous = character
        }
        return out
    }

    /// A code span around outside text: one line, a fence one backtick longer than the longest
    /// run inside, padded when the text starts or ends with a backtick; `|` escaped, as a table
    /// cell would end there even inside a code span.
    package static func codeSpan(_ text: String) -> String {
        let line = oneLine(text).replacingOccurrences(of: "|", with: "\\|")
        let fence = String(repeating: "`", count: longestRun(of: "`", in: line) + 1)
        let pad = line.hasPrefix("`") || line.hasSuffix("`") || (line.hasPrefix(" ") && line.hasSuffix(" ") && !line.allSatisfy { $0 == " " })
        return fence + (pad ? " " : "") + line + (pad ? " " : "") + fence
    }

    /// A fenced code block around lines from outside: a fence longer than any backtick run in
    /// them, so no line can close it early.
    package static func codeBlock(_ lines: [String], info: String) -> [String] {
        let longest = lines.map { longestRun(of: "`", in: $0) }.max() ?? 0
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return [fence + info] + lines.map(oneLine) + [fence]
    }

    static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0, run = 0
        for each in text {
            run = each == character ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}

extension Prose {
    /// The prose in lines of at most `width` columns, broken as the wizard breaks its text (Japanese
    /// at the places the rules allow, Latin at spaces), each part keeping its origin and style. A
    /// wrapped line keeps the indentation of its paragraph's first line. Nothing is cut: a word wider
    /// than `width` (an external name, a path, a command line) has a line of its own, for the
    /// terminal to wrap softly and copy whole.
    package func wrapped(toWidth width: Int) -> Prose {
        guard width > 0 else { return self }
        // Measured as the terminal will show it: a control is shown as its escape, wider than itself.
        let shown = segments.map { segment in
            var segment = segment
            segment.text = TerminalText.visible(segment.text, keepingNewlines: segment.origin == .ours || segment.origin == .outsideLines)
            return segment
        }
        var characters: [Character] = [], owner: [Int] = []
        for (index, segment) in shown.enumerated() {
            for character in segment.text {
                characters.append(character)
                owner.append(index)
            }
        }
        var out: [Segment] = []
        func emit(_ range: Range<Int>) {
            var index = range.lowerBound
            while index < range.upperBound {
                var end = index
                while end < range.upperBound, owner[end] == owner[index] { end += 1 }
                let source = shown[owner[index]]
                let text = String(characters[index..<end])
                out.append(Segment(text, source.origin, style: source.style))
                index = end
            }
        }
        var start = 0
        var first = true
        while start <= characters.count {
            let end = characters[start...].firstIndex(of: "\n") ?? characters.count
            if !first { out.append(Segment("\n", .ours)) }
            first = false
            // A hanging indent, when the indentation leaves room for the words.
            let indent = characters[start..<end].prefix { $0 == " " }.count
            let hanging = indent > 0 && indent <= width / 2 ? indent : 0
            let body = start + hanging
            let ranges = LineBreaker(characters[body..<end]).lineRanges(toWidth: width - hanging, cuttingWords: false)
            for (number, range) in ranges.enumerated() {
                if number > 0 { out.append(Segment("\n", .ours)) }
                if hanging > 0 { emit(start..<body) }
                emit((range.lowerBound + body)..<(range.upperBound + body))
            }
            // Spaces that ended the paragraph stay (a question waits for its answer after one).
            if let last = ranges.last, last.upperBound + body < end { emit((last.upperBound + body)..<end) }
            start = end + 1
        }
        return Prose(segments: out)
    }
}
