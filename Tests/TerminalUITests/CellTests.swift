import Testing
@testable import TerminalUI

/// Issue 25, goal 5: a cell is plain bits (four scalars and a style), so a frame is made,
/// copied and compared without a reference count per cell. What is drawn must not change.
@Suite struct CellTests {
    @Test("a cell holds at most four scalars: marks piled on one letter by a hostile name do not grow it")
    func combiningMarksStopAtFourScalars() {
        var buffer = Buffer(size: Size(width: 10, height: 1))
        let end = buffer.put("e" + String(repeating: "\u{0301}", count: 12) + "x", x: 0, y: 0)
        #expect(buffer[0, 0].unicodeScalars.count == Cell.maxScalars)
        #expect(buffer[0, 0].unicodeScalars.first == "e")
        #expect(buffer[1, 0].grapheme == "x")
        #expect(end == 2)
    }

    @Test("text mixing ASCII, accents, wide glyphs and emoji lands in the cells its graphemes take",
          arguments: [
              ("abc", ["a", "b", "c"]),
              ("a\u{0301}b", ["a\u{0301}", "b"]),
              ("ab日本c", ["a", "b", "日", "", "本", "", "c"]),
              ("x📞y", ["x", "📞", "", "y"]),
              ("e\u{0301}\u{0302}z", ["e\u{0301}\u{0302}", "z"]),
              ("ok ✓ done", ["o", "k", " ", "✓", " ", "d", "o", "n", "e"]),
          ])
    func graphemesLandInTheirCells(text: String, cells: [String]) {
        var buffer = Buffer(size: Size(width: 12, height: 1))
        let end = buffer.put(text, x: 0, y: 0)
        #expect((0..<cells.count).map { buffer[$0, 0].grapheme } == cells)
        #expect(end == cells.count)
        #expect(buffer[cells.count, 0] == .blank)
    }

    @Test("a cut is marked the same whether the text is ASCII or not", arguments: ["abcdefgh", "abcdéfgh"])
    func cutsAreMarked(text: String) {
        var buffer = Buffer(size: Size(width: 5, height: 1))
        buffer.put(text, x: 0, y: 0)
        #expect(buffer[4, 0].grapheme == "…")
        #expect(buffer[3, 0].grapheme == "d")
    }

    @Test("only the first line of a text is drawn, cut at its line feed whatever precedes it", arguments: ["ab\ncd", "ab\r\ncd"])
    func firstLineOnly(text: String) {
        var buffer = Buffer(size: Size(width: 12, height: 2))
        buffer.put(text, x: 0, y: 0)
        #expect(buffer[0, 0].grapheme == "a")
        #expect(!buffer.lines[0].contains("cd"))
        #expect(buffer.lines[1].isEmpty)
    }

    @Test("a buffer reset to a size is blank at that size, whatever it held")
    func resetBlanks() {
        var buffer = Buffer(size: Size(width: 4, height: 2))
        buffer.put("abcd", x: 0, y: 0, style: .bold)
        buffer.reset(to: Size(width: 4, height: 2))
        #expect(buffer == Buffer(size: Size(width: 4, height: 2)))
        buffer.reset(to: Size(width: 3, height: 3))
        #expect(buffer == Buffer(size: Size(width: 3, height: 3)))
    }

    @Test("a box line overwriting half of a wide glyph blanks its other half")
    func boxLinesClearWideHalves() {
        var buffer = Buffer(size: Size(width: 6, height: 3))
        buffer.put("日本語", x: 0, y: 0)
        _ = drawBox(Rect(x: 1, y: 0, width: 5, height: 3), into: &buffer)
        #expect(buffer[0, 0].grapheme == " ")
        #expect(buffer.lines[0] == " ┌───┐")
    }

    @Test("wrapping the same text twice gives the same lines, at each width asked")
    func wrappingIsStable() {
        let text = "Three phases, seven steps. Open a phase to see what the procedure prescribes."
        let first = text.wrapped(toWidth: 20)
        #expect(text.wrapped(toWidth: 20) == first)
        #expect(text.wrapped(toWidth: 30) != first)
        #expect(text.wrapped(toWidth: 20, cuttingWords: false) == first)
        #expect(first.allSatisfy { $0.displayWidth <= 20 })
    }
}
