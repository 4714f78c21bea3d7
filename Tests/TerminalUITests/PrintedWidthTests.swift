import Testing
@testable import TerminalUI

/// Attack 5, F6: an app label with controls and bidi marks (`Dialpad ESC[2J…`) was wrapped by its
/// raw width, where ESC takes no column, then printed as `<U+001B>`, eight: a line that fitted
/// overflowed and its end was lost at the frame ("ong ", "2C>"), with no marker.
@Suite struct PrintedWidthTests {
    static let hostile = "Dialpad \u{1B}[2J\u{1B}]0;pwned\u{07}\u{202E}evil\u{202C} " + String(repeating: "Long label ", count: 12)
    static let texts = [
        hostile,
        "\u{1B}[31mRED\u{1B}[0m\u{202E}evil\u{202C} Very long title " + String(repeating: "x", count: 90),
        "dialpadPhone" + String(repeating: "\u{200B}", count: 30) + " 電話番号\u{202E}を設定します。",
        String(repeating: "abcdefghij", count: 12),
    ]

    /// What a terminal shows for a line: what `Buffer.put` draws, read back.
    static func printed(_ line: String, width: Int) -> String {
        var buffer = Buffer(size: Size(width: width + 20, height: 1))
        buffer.put(line, x: 0, y: 0)
        return buffer.lines[0]
    }

    @Test("every character is printed, in order, on lines no wider than the width", arguments: texts, [4, 9, 17, 30, 46, 76])
    func wrappingKeepsEveryCharacterWithinTheWidth(text: String, width: Int) {
        let lines = text.wrapped(toWidth: width)
        for line in lines {
            let shown = Self.printed(line, width: width)
            #expect(shown.displayWidth <= width, "\(width): \(shown)")
        }
        let printed = lines.map { Self.printed($0, width: width) }.joined().filter { $0 != " " }
        #expect(printed == TerminalText.visible(text).filter { $0 != " " })
    }

    /// The plain transcript keeps a word whole for the terminal to wrap softly; it is still
    /// measured as printed, so an escaped label no longer makes a 115-column line at 80.
    @Test func wordsKeptWholeAreMeasuredAsPrinted() {
        let lines = ("2. " + Self.hostile + "  0oaxxzkHxKsukQPDO4Q9").wrapped(toWidth: 77, cuttingWords: false)
        #expect(lines.allSatisfy { Self.printed($0, width: 200).displayWidth <= 77 }, "\(lines)")
        #expect(lines.joined().filter { $0 != " " } == TerminalText.visible("2. " + Self.hostile + "0oaxxzkHxKsukQPDO4Q9").filter { $0 != " " })
    }

    @Test func aCharacterIsAsWideAsItsEscape() {
        #expect(Character("\u{1B}").displayWidth == 8)
        #expect(Character("\u{202E}").displayWidth == 8)
        #expect(Character("\u{E0001}").displayWidth == 9)
        #expect(Character("\n").displayWidth == 0)
        #expect("a\u{1B}b".displayWidth == 10)
    }

    /// A one-line field cuts the text as printed and says so with `…`.
    @Test(arguments: [10, 20, 33, 50])
    func aCutOneLineFieldEndsInAnEllipsis(width: Int) {
        let cut = Self.hostile.truncated(toWidth: width)
        let shown = Self.printed(cut, width: width)
        #expect(shown.displayWidth <= width, "\(shown)")
        #expect(shown.hasSuffix("…"))
    }

    /// Whatever a caller hands the buffer, text cut at the clip's edge ends in `…`; spaces past
    /// the edge are no loss, and text that fits is drawn as it is.
    @Test func theBufferMarksTextItCuts() {
        var buffer = Buffer(size: Size(width: 12, height: 4))
        let clip = Rect(x: 1, y: 0, width: 6, height: 4)
        buffer.put("abcdefghij", x: 1, y: 0, clip: clip)
        buffer.put("abc      ", x: 1, y: 1, clip: clip)
        buffer.put("abcdef", x: 1, y: 2, clip: clip)
        buffer.put("ab電話番号", x: 1, y: 3, clip: clip)
        #expect(buffer.lines == [" abcde…", " abc", " abcdef", " ab電 …"])
        var full = Buffer(size: Size(width: 5, height: 1))
        full.put("\u{1B}[2J", x: 0, y: 0)
        #expect(full.lines == ["<U+0…"])
    }
}
