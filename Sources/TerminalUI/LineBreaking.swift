/// Japanese line-breaking rules (kinsoku shori, after JIS X 4051) as this program applies them:
/// which characters may not start a line, which may not end one, and a check that any sequence
/// of rendered lines keeps to them.
package enum LineBreakRules {
    /// Closing brackets, punctuation, the prolonged sound mark, iteration marks and small kana:
    /// they belong to what comes before them, so a line never starts with one.
    static let forbiddenAtStart = Set("」』）)］]｝}〉》】〕。、，．,.・：:；;！!？?ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥".unicodeScalars)
    /// Opening brackets belong to what follows them, so a line never ends with one.
    static let forbiddenAtEnd = Set("「『（(［[｛{〈《【〔".unicodeScalars)

    /// One description for every line after the first that starts with a character no line may
    /// start with, and for every line that ends with an opening bracket. Spaces and box-drawing
    /// characters (frame borders, `│┃║`) around the text are not part of it, so whole rendered
    /// screens can be checked.
    package static func violations(in lines: [String]) -> [String] {
        var found: [String] = []
        for (index, line) in lines.enumerated() {
            let text = line.unicodeScalars.drop(while: isDecoration)
            if index > 0, let first = text.first, forbiddenAtStart.contains(first) {
                found.append("line \(index + 1) starts with \"\(first)\": \(line)")
            }
            if let last = text.last(where: { !isDecoration($0) }), forbiddenAtEnd.contains(last) {
                found.append("line \(index + 1) ends with \"\(last)\": \(line)")
            }
        }
        return found
    }

    private static func isDecoration(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || (0x2500...0x257F).contains(scalar.value)
    }
}

/// How bad a break before a character is. A line breaks at the latest of the cheapest breaks
/// that fit, so a worse kind is used only where a line holds no better one.
enum BreakCost: Int, Comparable {
    /// At a space, between wide glyphs, around a Latin word in Japanese, after a path's ` > `.
    case free
    /// Before a path's `>`, which should end a line: still better than splitting a segment.
    case beforePathSeparator
    /// Inside a segment of an Admin Console path: a line rather ends after a `>`.
    case inPathSegment
    /// Inside a word: cut only when the word alone is wider than the line.
    case inWord
    /// Against the kinsoku rules: no room to carry a character to the next line.
    case forbidden
    case forbiddenInWord
    /// Inside a URL, which is cut only when it alone is wider than the line.
    case inURL
    case forbiddenInURL

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One paragraph (no newlines) and where it may break.
struct LineBreaker {
    private let characters: [Character]
    private let widths: [Int]
    /// The first scalar of each character, which is what the rules look at: comparing scalars is
    /// much cheaper than comparing characters, which may normalise.
    private let scalars: [Unicode.Scalar]
    private let spaces: [Bool]
    /// `costs[i]` is the cost of breaking before `characters[i]`; nil where a line never breaks:
    /// at the very start and before a space (a break at spaces comes after them, dropping them).
    private var costs: [BreakCost?] = []
    /// Whether each character is inside one of this program's command lines (after its first character).
    private var inCommand: [Bool] = []

    /// The longest run of wide glyphs taken for a path segment's name: a longer run is a sentence.
    private static let longestJapaneseSegment = 12
    /// Brackets and punctuation, where a Japanese segment name cannot go on.
    private static let clauseMarks = LineBreakRules.forbiddenAtEnd.union("」』）］｝〉》】〕、。，．：；！？・".unicodeScalars)

    init(_ paragraph: some Sequence<Character>) {
        characters = Array(paragraph)
        widths = characters.map(\.displayWidth)
        scalars = characters.map { $0.unicodeScalars.first ?? " " }
        spaces = characters.map { $0.utf8.count == 1 && $0.utf8.first == 0x20 }
        inCommand = Self.commandInteriors(characters, spaces: spaces, widths: widths)
        costs = breakCosts()
    }

    /// Appends the paragraph's lines of at most `width` columns to `lines`. Indentation at the start
    /// of the paragraph is kept unless it leaves no room; spaces at a break are dropped.
    func wrap(toWidth width: Int, cuttingWords: Bool = true, into lines: inout [String]) {
        for range in lineRanges(toWidth: width, cuttingWords: cuttingWords) { lines.append(text(of: range)) }
    }

    /// Where each line of the paragraph starts and ends (trailing spaces left out), for callers
    /// that carry more than the text (styled prose).
    func lineRanges(toWidth width: Int, cuttingWords: Bool = true) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        let count = characters.count
        var start = 0
        while true {
            var end = start, used = 0
            while end < count, used + widths[end] <= width {
                used += widths[end]
                end += 1
            }
            // Spaces past the width are free: they are dropped at the break.
            while end < count, spaces[end] { end += 1 }
            if end == count {
                lines.append(trimmed(start..<count))
                return lines
            }
            let firstVisible = spaces[start...].firstIndex(of: false) ?? count
            var cut: Int
            if end <= firstVisible {
                if firstVisible > start {
                    // Indentation as wide as the line: drop it rather than write an empty line.
                    start = firstVisible
                    continue
                }
                // One glyph wider than the whole width: it goes alone on its line, not lost.
                cut = start + 1
            } else {
                cut = bestBreak(after: firstVisible, upTo: end)
                // A word or URL wider than the whole line stays whole on a line of its own: the
                // terminal shows it whole (wrapping it softly), and a copy of it is the value.
                if !cuttingWords, let cost = costs[cut], cost >= .inWord, cost != .forbidden {
                    cut = end
                    // Up to the next break between words (a command line's spaces are not one).
                    while cut < count, inCommand[cut] || costs[cut].map({ $0 >= .inWord && $0 != .forbidden }) ?? false { cut += 1 }
                }
            }
            lines.append(trimmed(start..<cut))
            while cut < count, spaces[cut] { cut += 1 }
            if cut == count { return lines }
            start = cut
        }
    }

    /// The latest of the cheapest breaks in `(lower, upper]`; `upper` holds a visible character.
    private func bestBreak(after lower: Int, upTo upper: Int) -> Int {
        // A line of a path's `>` alone says nothing: it takes some of the segment after it.
        var loneSeparator: Int?
        if scalars[lower] == ">", lower + 1 < spaces.count, spaces[lower + 1] {
            loneSeparator = spaces[(lower + 1)...].firstIndex(of: false)
        }
        var best = upper
        var bestCost: BreakCost?
        var index = upper
        while index > lower {
            // Walking back, a break replaces the best only if it is strictly cheaper: the latest wins ties.
            if index != loneSeparator, let cost = costs[index], bestCost.map({ cost < $0 }) ?? true {
                best = index
                bestCost = cost
                if cost == .free { break }
            }
            index -= 1
        }
        return best
    }

    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var end = range.upperBound
        while end > range.lowerBound, spaces[end - 1] { end -= 1 }
        return range.lowerBound..<end
    }

    private func text(of range: Range<Int>) -> String { String(characters[range]) }

    private func isWide(_ index: Int) -> Bool { widths[index] >= 2 }

    private func breakCosts() -> [BreakCost?] {
        let inURL = urlInteriors()
        let separators = pathSeparators()
        let inPath = pathSegmentInteriors(separators: separators)
        var isSeparator = [Bool](repeating: false, count: characters.count)
        for separator in separators { isSeparator[separator] = true }
        var costs = [BreakCost?](repeating: nil, count: characters.count)
        var lastVisible: Int?
        for index in characters.indices where !spaces[index] {
            defer { lastVisible = index }
            guard let previous = lastVisible else { continue }
            // A run of narrow characters (`dialpadPhone`, `API`) is one word, even in Japanese.
            let inWord = previous == index - 1 && !isWide(previous) && !isWide(index)
            let forbidden = LineBreakRules.forbiddenAtStart.contains(scalars[index])
                || LineBreakRules.forbiddenAtEnd.contains(scalars[previous])
            costs[index] = switch (inURL[index] || inCommand[index], inWord, forbidden) {
            case (true, _, false): .inURL
            case (true, _, true): .forbiddenInURL
            case (false, true, false): .inWord
            case (false, true, true): .forbiddenInWord
            case (false, false, true): .forbidden
            case (false, false, false):
                isSeparator[index] ? .beforePathSeparator : inPath[index] ? .inPathSegment : .free
            }
        }
        return costs
    }

    /// For each index, whether it lies inside an `http://` or `https://` URL, which runs to the
    /// next space, wide glyph or closing bracket.
    private func urlInteriors() -> [Bool] {
        var inside = [Bool](repeating: false, count: characters.count)
        var index = 0
        while index < characters.count {
            guard scalars[index] == "h", startsURL(at: index) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < characters.count, !spaces[end], !isWide(end), !")]}".unicodeScalars.contains(scalars[end]) {
                inside[end] = true
                end += 1
            }
            index = end
        }
        return inside
    }

    /// This program's command lines in text (`dialpad-okta confirm other-source-unseen --yes`,
    /// `dialpad-okta apply --user-type oty1 --yes`), which an admin copies into a shell: one value,
    /// broken like a URL, only when it alone is wider than the line. A command is the program's
    /// name, a subcommand, a hyphenated argument after it, and options with their
    /// values; it ends before a word that is none of these and before closing punctuation.
    static func commandInteriors(_ characters: [Character], spaces: [Bool], widths: [Int]) -> [Bool] {
        var inside = [Bool](repeating: false, count: characters.count)
        let name = Array("dialpad-okta")
        var index = 0
        // A token: a run of narrow characters, without the punctuation that may close a sentence.
        func token(at start: Int) -> Range<Int>? {
            guard start < characters.count, !spaces[start], widths[start] == 1 else { return nil }
            var end = start
            while end < characters.count, !spaces[end], widths[end] == 1, !"`\"')]}".contains(characters[end]) { end += 1 }
            while end > start, ".,:;".contains(characters[end - 1]) { end -= 1 }
            return end > start ? start..<end : nil
        }
        while index + name.count <= characters.count {
            let startsWord = index == 0 || spaces[index - 1] || widths[index - 1] != 1 || "`\"'(".contains(characters[index - 1])
            guard startsWord, Array(characters[index..<index + name.count]) == name,
                  index + name.count == characters.count || spaces[index + name.count] else {
                index += 1
                continue
            }
            var end = index + name.count
            // Breaking inside the name is as bad as anywhere else in the command.
            for position in (index + 1)..<end { inside[position] = true }
            var previous = ""
            var words = 0
            while end + 1 < characters.count, spaces[end], let next = token(at: end + 1) {
                let word = String(characters[next])
                let isOption = word.hasPrefix("-")
                let isSubcommand = words == 0 && Self.subcommands.contains(word)
                let isArgument = words == 1 && !previous.hasPrefix("-") && word.contains("-")
                let isValue = previous.hasPrefix("--") && !Self.flagsWithoutValue.contains(previous) && !isOption
                guard isOption || isSubcommand || isArgument || isValue else { break }
                for position in end..<next.upperBound { inside[position] = true }
                end = next.upperBound
                previous = word
                words += 1
            }
            index = end
        }
        return inside
    }

    /// This program's subcommands: `dialpad-okta again` is prose, `dialpad-okta resume` a command.
    static let subcommands: Set<String> = ["setup", "inspect", "plan", "apply", "resume", "rollback", "confirm", "check-user",
                                           "verify", "report", "demo", "simulator", "bundle", "generate-manual", "help"]

    /// The options of this program that take no value: the word after one is prose again.
    static let flagsWithoutValue: Set<String> = ["--yes", "--all", "--delete-attribute-data", "--json", "--dry-run", "--plain", "--help"]

    private func startsURL(at index: Int) -> Bool {
        ["https://", "http://"].contains { scheme in
            scalars.count - index >= scheme.unicodeScalars.count
                && zip(scalars[index...], scheme.unicodeScalars).allSatisfy { $0 == $1 }
        }
    }

    /// The `>` of every ` > ` between the segments of an Admin Console path.
    private func pathSeparators() -> [Int] {
        guard characters.count >= 3 else { return [] }
        return (1..<characters.count - 1).filter { scalars[$0] == ">" && spaces[$0 - 1] && spaces[$0 + 1] }
    }

    /// For each index, whether a break before it would split a segment of an Admin Console path
    /// (`Directory > Profile Editor > Mappings`): true between a path's first and last ` > `, and
    /// over what looks like its first and last segments (see `segmentStart` and `segmentEnd`).
    private func pathSegmentInteriors(separators: [Int]) -> [Bool] {
        var inside = [Bool](repeating: false, count: characters.count)
        var first = 0
        while first < separators.count {
            // A path ends where a sentence or clause does, even if another starts right after.
            var last = first
            while last + 1 < separators.count, !endsClause(in: separators[last]..<separators[last + 1]) {
                last += 1
            }
            let lower = segmentStart(before: separators[first])
            let upper = segmentEnd(after: separators[last])
            if lower + 1 < upper {
                for index in lower + 1..<upper { inside[index] = true }
            }
            // Right after each `>` is where the path should break.
            for separator in separators[first...last] {
                if let next = spaces[(separator + 1)...].firstIndex(of: false) { inside[next] = false }
            }
            first = last + 1
        }
        return inside
    }

    private func endsClause(in range: Range<Int>) -> Bool {
        range.contains { index in
            let scalar = scalars[index]
            if scalar == "。" || scalar == "、" { return true }
            return (scalar == "." || scalar == ",") && index + 1 < spaces.count && spaces[index + 1]
        }
    }

    /// Where the first segment of a path starts, as far as the text tells: back over capitalised
    /// Latin words (`Profile Editor`), or over a short run of wide glyphs up to a space, bracket or
    /// punctuation (`管理コンソール`). Otherwise the space before the separator.
    private func segmentStart(before separator: Int) -> Int {
        var start = separator - 1  // nothing taken yet: the space before the `>`
        var space = separator - 1  // the space before the word to look at
        while space > 0, spaces[space], !spaces[space - 1] {
            var wordStart = space - 1
            if isWide(wordStart) {
                while wordStart > 0, isWide(wordStart - 1), !Self.clauseMarks.contains(scalars[wordStart - 1]) {
                    wordStart -= 1
                }
                if space - wordStart <= Self.longestJapaneseSegment, !Self.clauseMarks.contains(scalars[wordStart]) {
                    start = wordStart
                }
                break  // words before a Japanese name belong to the sentence
            }
            while wordStart > 0, !spaces[wordStart - 1], !isWide(wordStart - 1) { wordStart -= 1 }
            guard scalars[wordStart].properties.isUppercase else { break }
            start = wordStart
            space = wordStart - 1
        }
        return start
    }

    /// Where the last segment of a path ends, as far as the text tells: over capitalised Latin
    /// words (`Import Now.`), or over a short run of wide glyphs up to a space, bracket or
    /// punctuation (`今すぐインポート`). Otherwise the start of the segment.
    private func segmentEnd(after separator: Int) -> Int {
        let count = characters.count
        var end = spaces[(separator + 1)...].firstIndex(of: false) ?? count
        var wordStart = end
        while wordStart < count {
            var wordEnd = wordStart
            if isWide(wordStart) {
                while wordEnd < count, isWide(wordEnd), !Self.clauseMarks.contains(scalars[wordEnd]) { wordEnd += 1 }
                if wordEnd - wordStart <= Self.longestJapaneseSegment { end = wordEnd }
                break  // words after a Japanese name belong to the sentence
            }
            guard scalars[wordStart].properties.isUppercase else { break }
            while wordEnd < count, !spaces[wordEnd], !isWide(wordEnd) { wordEnd += 1 }
            end = wordEnd
            guard wordEnd + 1 < count, spaces[wordEnd] else { break }
            wordStart = wordEnd + 1
        }
        return end
    }
}
