import Testing
@testable import TerminalUI

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3), ("dialpadPhone", 12), ("日本語", 6), ("ﾃｽﾄ", 3), ("管理コンソール", 14),
        ("é", 1), ("e\u{301}", 1), ("✓", 1), ("👍", 2), ("", 0), ("ＡＢ", 4),
    ])
    func widths(text: String, columns: Int) {
        #expect(text.displayWidth == columns)
    }

    @Test func truncationNeverExceedsTheWidth() {
        let text = "プロファイルとライフサイクルのソーシング"
        for width in 0...text.displayWidth + 2 {
            let cut = text.truncated(toWidth: width)
            #expect(cut.displayWidth <= width, "width \(width): \(cut)")
        }
        #expect("short".truncated(toWidth: 10) == "short")
        #expect("abcdef".truncated(toWidth: 4) == "abc…")
    }

    @Test func wrappingBreaksAtSpacesAndInsideJapanese() {
        #expect("the quick brown fox".wrapped(toWidth: 10) == ["the quick", "brown fox"])
        let japanese = "管理コンソール > ディレクトリ > プロファイルエディター"
        let lines = japanese.wrapped(toWidth: 11)
        #expect(lines.allSatisfy { $0.displayWidth <= 11 })
        #expect(lines.joined().filter { $0 != " " } == japanese.filter { $0 != " " })
        #expect("a\nb".wrapped(toWidth: 5) == ["a", "b"])
        #expect("abcdefghij".wrapped(toWidth: 4) == ["abcd", "efgh", "ij"])
    }
}

@Suite struct BufferTests {
    @Test func wideGlyphsTakeTwoCellsAndAreNeverDrawnHalf() {
        var buffer = Buffer(size: Size(width: 5, height: 1))
        let end = buffer.put("あいう", x: 0, y: 0)
        #expect(end == 6)
        // The half that does not fit is not drawn; its cell says the text was cut (attack 5, F6).
        #expect(buffer.lines == ["あい…"])
        #expect(buffer[4, 0].grapheme == "…")
        #expect(buffer[1, 0].isContinuation)
    }

    @Test func overwritingHalfOfAWideGlyphBlanksTheOtherHalf() {
        var buffer = Buffer(size: Size(width: 6, height: 1))
        buffer.put("日本", x: 0, y: 0)
        buffer.put("x", x: 1, y: 0)
        #expect(buffer.lines == [" x本"])
    }

    @Test func clippingKeepsTextInsideItsRectangle() {
        var buffer = Buffer(size: Size(width: 10, height: 2))
        buffer.put("abcdefgh", x: 2, y: 1, clip: Rect(x: 2, y: 1, width: 4, height: 1))
        #expect(buffer.lines == ["", "  abc…"])
        buffer.put("outside", x: 0, y: 0, clip: Rect(x: 0, y: 1, width: 10, height: 1))
        #expect(buffer.lines[0] == "")
    }

    @Test func snapshotHasTextAndStyleLayers() {
        var buffer = Buffer(size: Size(width: 4, height: 1))
        buffer.put("ok", x: 0, y: 0, style: .fg(.green, bold: true))
        #expect(buffer.snapshot == "ok\n--- styles ---\nGG\n")
        buffer.put("ok", x: 0, y: 0, style: Style.fg(.green, bold: true).monochrome)
        #expect(buffer.styleLines == ["BB"])
    }
}

@Suite struct WidgetTests {
    @Test func secretFieldNeverShowsWhatWasTyped() {
        var field = TextField(isSecret: true)
        for character in "00abcSECRET" { _ = field.handle(.character(character)) }
        var buffer = Buffer(size: Size(width: 30, height: 1))
        field.render(in: Rect(x: 0, y: 0, width: 30, height: 1), focused: true, theme: Theme(colour: false), into: &buffer)
        #expect(!buffer.lines[0].contains("SECRET"))
        #expect(buffer.lines[0] == String(repeating: "•", count: 11))
        #expect(field.value == "00abcSECRET")
    }

    @Test func textFieldEditing() {
        var field = TextField(value: "https://acme.okta.com")
        _ = field.handle(.home)
        _ = field.handle(.delete)
        #expect(field.value == "ttps://acme.okta.com")
        _ = field.handle(.character("h"))
        _ = field.handle(.end)
        _ = field.handle(.backspace)
        #expect(field.value == "https://acme.okta.co")
        #expect(field.handle(.enter) == false)
        _ = field.handle(.control("u"))
        #expect(field.value.isEmpty)
    }

    @Test func longFieldScrollsToKeepTheCursorVisible() {
        let field = TextField(value: String(repeating: "a", count: 40) + "END")
        var buffer = Buffer(size: Size(width: 10, height: 1))
        let cursor = field.render(in: Rect(x: 0, y: 0, width: 10, height: 1), focused: true, theme: Theme(colour: false), into: &buffer)
        #expect(buffer.lines[0].hasSuffix("END"))
        #expect(cursor.x < 10)
    }

    @Test(arguments: [20, 40, 60, 120])
    func footerNeverCutsEssentialHints(width: Int) {
        let footer = Footer(hints: [
            Footer.Hint("↑↓", "move", priority: 2), Footer.Hint("a", "apply step", priority: 7), Footer.Hint("A", "apply phase", priority: 4),
            Footer.Hint("b", "roll back step", priority: 6), Footer.Hint("r", "refresh", priority: 3), Footer.Hint("Esc", "back", priority: 8),
            Footer.Hint("?", "help", priority: 9), Footer.Hint("q", "quit", priority: 9),
        ])
        var buffer = Buffer(size: Size(width: width, height: 1))
        footer.render(in: Rect(x: 0, y: 0, width: width, height: 1), theme: Theme(colour: true), into: &buffer)
        let line = buffer.lines[0]
        #expect(line.contains("?"))
        #expect(line.contains("q"))
        #expect(line.displayWidth <= width)
        if width >= 60 { #expect(line.contains("help") && line.contains("quit") && line.contains("Esc back")) }
        if width >= 120 { #expect(line.contains("apply phase")) }
    }

    @Test func scrollListKeepsTheSelectionVisible() {
        var list = ScrollList(count: 50)
        for _ in 0..<30 { _ = list.handle(.down, pageSize: 10) }
        let range = list.visibleRange(height: 10)
        #expect(range.contains(30))
        #expect(range.count == 10)
        _ = list.handle(.home, pageSize: 10)
        #expect(list.visibleRange(height: 10).lowerBound == 0)
    }

    @Test func radioGroupMovesWithinItsOptions() {
        var radio = RadioGroup(options: ["one", "two"])
        _ = radio.handle(.up)
        #expect(radio.selected == 0)
        _ = radio.handle(.down)
        _ = radio.handle(.down)
        #expect(radio.selected == 1)
    }

    @Test func modalDialogIsCentredAndBordered() {
        var buffer = Buffer(size: Size(width: 80, height: 24))
        ModalDialog(title: "Apply", body: [("POST /api/v1/meta/schemas/user/default", .plain)], buttons: ["Send", "Cancel"])
            .render(over: buffer.area, theme: Theme(colour: false), into: &buffer)
        let text = buffer.lines.joined(separator: "\n")
        #expect(text.contains("┌─ Apply "))
        #expect(text.contains("[ Send ]"))
        #expect(text.contains("POST /api/v1/meta/schemas/user/default"))
    }

    @Test func progressListShowsElapsedTimes() {
        var buffer = Buffer(size: Size(width: 40, height: 3))
        ProgressList(items: [.init("okta-attribute", .done(seconds: 0.42)), .init("app-attribute", .running(since: 10)), .init("mapping", .pending)])
            .render(in: buffer.area, now: 11.25, theme: Theme(colour: false), into: &buffer)
        #expect(buffer.lines[0].hasPrefix("✓ okta-attribute") && buffer.lines[0].hasSuffix("0.4s"))
        #expect(buffer.lines[1].hasSuffix("1.3s"))
        #expect(buffer.lines[2].hasPrefix("· mapping"))
    }
}

/// Every widget draws through the one protocol, and says the rows it used.
@Suite struct WidgetProtocolTests {
    static let widgets: [(name: String, widget: any Widget, rows: Int)] = [
        ("text field", TextField(value: "acme"), 1),
        ("checkbox", Checkbox(label: "tick me", checked: true), 1),
        ("radio group", RadioGroup(options: ["one", "two", "three"]), 3),
        ("status panel", StatusPanel(rows: [.init("Org", "acme"), .init("Steps", "7")]), 2),
        ("progress list", ProgressList(items: [.init("okta-attribute", .pending), .init("mapping", .pending)]), 2),
        ("footer", Footer(hints: [.init("q", "quit")]), 1),
    ]

    @Test("drawn through Widget", arguments: widgets.indices)
    func drawsThroughTheProtocol(index: Int) {
        let (name, widget, rows) = Self.widgets[index]
        var buffer = Buffer(size: Size(width: 40, height: 6))
        let used = widget.draw(in: Rect(x: 0, y: 0, width: 40, height: 6), WidgetContext(theme: Theme(colour: false)), into: &buffer)
        #expect(used == rows, "\(name)")
        #expect(buffer.lines.contains { line in line.contains { $0 != " " } }, "\(name) drew something")
    }

    @Test func aModalCoversTheAreaItIsGiven() {
        var buffer = Buffer(size: Size(width: 40, height: 10))
        let dialog: any Widget = ModalDialog(title: "Title", body: [("body", .plain)], buttons: ["OK"])
        #expect(dialog.draw(in: Rect(x: 0, y: 0, width: 40, height: 10), WidgetContext(theme: Theme(colour: false)), into: &buffer) == 10)
        #expect(buffer.lines.joined().contains("Title"))
    }
}
