/// What every widget is, as ratatui's `Widget`: drawn into an area of a buffer, with how it
/// is shown, answering the rows it used. Screens hold widgets as values and draw them through
/// this one call; a widget's own `render` overloads stay for what only it returns (a text
/// field's cursor). `ScrollList` is a selection model, not a widget: its owner draws the rows.
package protocol Widget: Sendable {
    @discardableResult
    func draw(in area: Rect, _ context: WidgetContext, into buffer: inout Buffer) -> Int
}

/// How a widget is shown: the theme, whether it has the focus, and the time for animations.
package struct WidgetContext: Sendable {
    package var theme: Theme
    package var focused: Bool
    package var now: Double

    package init(theme: Theme, focused: Bool = false, now: Double = 0) {
        self.theme = theme; self.focused = focused; self.now = now
    }
}

extension TextField: Widget {
    @discardableResult
    package func draw(in area: Rect, _ context: WidgetContext, into buffer: inout Buffer) -> Int {
        _ = render(in: area, focused: context.focused, theme: context.theme, into: &buffer)
        return min(1, area.height)
    }
}

extension Checkbox: Widget {
    @discardableResult
    package func draw(in area: Rect, _ context: WidgetContext, into buffer: inout Buffer) -> Int {
        guard area.height > 0 else { return 0 }
        // The label wraps under itself rather than being cut: it is what the admin confirms.
        let lines = label.wrapped(toWidth: max(1, area.width - 4))
        for (index, line) in lines.prefix(area.height).enumerated() {
            let text = (index == 0 ? (checked ? "[x] " : "[ ] ") : "    ") + line
            buffer.put(text, x: area.x, y: area.y + index, style: context.focused && index == 0 ? .reverse : .plain, clip: area)
        }
        return min(lines.count, area.height)
    }
}

extension RadioGroup: Widget {
    @discardableResult
    package func draw(in area: Rect, _ context: WidgetContext, into buffer: inout Buffer) -> Int {
        render(in: area, focused: context.focused, into: &buffer)
    }
}

extension StatusPanel: Widget {
    @discardableResult
    package func draw(in area: Rect, _ context: WidgetContext, into buffer: inout Buffer) -> Int {
        render(in: area, into: &buffer)
    }
}

extension ProgressList: Widget {
    @discardableResult
    package func draw(in area: Rect, _ context: WidgetContext, into buffer: inout Buffer) -> Int {
        render(in: area, now: context.now, theme: context.theme, into: &buffer)
        return min(items.count, area.height)
    }
}

extension ModalDialog: Widget {
    /// Centred over `area`, which it covers.
    @discardableResult
    package func draw(in area: Rect, _ context: WidgetContext, into buffer: inout Buffer) -> Int {
        render(over: area, theme: context.theme, into: &buffer)
        return area.height
    }
}

extension Footer: Widget {
    @discardableResult
    package func draw(in area: Rect, _ context: WidgetContext, into buffer: inout Buffer) -> Int {
        render(in: area, theme: context.theme, into: &buffer)
        return min(1, area.height)
    }
}

/// Draws a border with a title; returns the inside.
@discardableResult
package func drawBox(_ rect: Rect, title: String? = nil, style: Style = .plain, titleStyle: Style = .bold,
                    into buffer: inout Buffer) -> Rect {
    guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
    // Set cell by cell: a box is drawn on most frames, and its glyphs need no measuring.
    for (y, left, right): (Int, Character, Character) in [(rect.y, "┌", "┐"), (rect.maxY - 1, "└", "┘")] {
        buffer.repeatGlyph(left, x: rect.x, y: y, count: 1, style: style)
        buffer.repeatGlyph("─", x: rect.x + 1, y: y, count: rect.width - 2, style: style)
        buffer.repeatGlyph(right, x: rect.maxX - 1, y: y, count: 1, style: style)
    }
    for y in (rect.y + 1)..<(rect.maxY - 1) {
        buffer.repeatGlyph("│", x: rect.x, y: y, count: 1, style: style)
        buffer.repeatGlyph("│", x: rect.maxX - 1, y: y, count: 1, style: style)
    }
    if let title, rect.width > 6 {
        let text = " " + title.truncated(toWidth: rect.width - 6) + " "
        buffer.put(text, x: rect.x + 2, y: rect.y, style: titleStyle)
    }
    return rect.inset(by: 1)
}

/// Writes wrapped text into a rectangle from its top; returns the rows used.
@discardableResult
package func drawParagraph(_ text: String, in rect: Rect, style: Style = .plain, indent: Int = 0,
                          into buffer: inout Buffer) -> Int {
    var row = 0
    for line in text.wrapped(toWidth: rect.width - indent) {
        guard row < rect.height else { break }
        buffer.put(line, x: rect.x + indent, y: rect.y + row, style: style, clip: rect)
        row += 1
    }
    return row
}

/// A one-line text input. The secret variant never shows what was typed, only how much.
package struct TextField: Sendable, Equatable {
    package var value: String
    package var cursor: Int
    package var isSecret: Bool
    package var placeholder: String

    package init(value: String = "", isSecret: Bool = false, placeholder: String = "") {
        self.value = value
        cursor = value.count
        self.isSecret = isSecret
        self.placeholder = placeholder
    }

    /// Edits for the keys a field understands; returns false for keys it leaves to the screen.
    package mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let character):
            let index = value.index(value.startIndex, offsetBy: cursor)
            value.insert(character, at: index)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            value.remove(at: value.index(value.startIndex, offsetBy: cursor - 1))
            cursor -= 1
        case .delete:
            guard cursor < value.count else { return true }
            value.remove(at: value.index(value.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(value.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = value.count
        case .control("u"):
            value = ""
            cursor = 0
        default: return false
        }
        return true
    }

    /// What the field shows: the value, or a bullet per character when secret.
    package var displayed: String { isSecret ? String(repeating: "•", count: value.count) : value }

    /// Draws the field on one row; returns where the terminal cursor belongs when focused.
    @discardableResult
    package func render(in rect: Rect, focused: Bool, theme: Theme, into buffer: inout Buffer) -> (x: Int, y: Int) {
        let style = focused ? Style(underline: true) : Style.plain
        buffer.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: style)
        let shown = displayed
        if shown.isEmpty {
            buffer.put(placeholder.truncated(toWidth: rect.width), x: rect.x, y: rect.y, style: theme.muted, clip: rect)
            return (rect.x, rect.y)
        }
        // Keep the cursor visible: scroll the text left when it is longer than the field.
        let beforeCursor = String(shown.prefix(cursor))
        var skip = 0
        while String(beforeCursor.dropFirst(skip)).displayWidth >= rect.width { skip += 1 }
        let visible = String(shown.dropFirst(skip))
        buffer.put(visible, x: rect.x, y: rect.y, style: style, clip: rect)
        return (rect.x + String(beforeCursor.dropFirst(skip)).displayWidth, rect.y)
    }
}

/// `[x] label`.
package struct Checkbox: Sendable, Equatable {
    package var label: String
    package var checked: Bool

    package init(label: String, checked: Bool = false) {
        self.label = label
        self.checked = checked
    }

    package mutating func toggle() { checked.toggle() }

    package func render(at x: Int, y: Int, width: Int, focused: Bool, into buffer: inout Buffer) {
        let text = (checked ? "[x] " : "[ ] ") + label
        buffer.put(text.truncated(toWidth: width), x: x, y: y, style: focused ? .reverse : .plain)
    }
}

/// `(•) one  ( ) other`, one option per row.
package struct RadioGroup: Sendable, Equatable {
    package var options: [String]
    package var selected: Int

    package init(options: [String], selected: Int = 0) {
        self.options = options
        self.selected = selected
    }

    package mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .up, .character("k"): selected = max(0, selected - 1)
        case .down, .character("j"): selected = min(options.count - 1, selected + 1)
        default: return false
        }
        return true
    }

    /// Returns the rows used (options wrap to the width).
    @discardableResult
    package func render(in rect: Rect, focused: Bool, into buffer: inout Buffer) -> Int {
        var row = 0
        for (index, option) in options.enumerated() {
            let mark = index == selected ? "(•) " : "( ) "
            for (lineIndex, line) in option.wrapped(toWidth: rect.width - 4).enumerated() where row < rect.height {
                let style: Style = (focused && index == selected) ? .reverse : (index == selected ? .bold : .plain)
                buffer.put((lineIndex == 0 ? mark : "    ") + line, x: rect.x, y: rect.y + row, style: style, clip: rect)
                row += 1
            }
        }
        return row
    }
}

/// `[ Apply ]`, reversed when focused. Returns the column after it.
@discardableResult
package func drawButton(_ label: String, at x: Int, y: Int, focused: Bool, enabled: Bool = true,
                       into buffer: inout Buffer) -> Int {
    let style: Style = !enabled ? .dim : (focused ? .reverse : .bold)
    return buffer.put("[ " + label + " ]", x: x, y: y, style: style)
}

/// A list that scrolls to keep its selection visible.
package struct ScrollList: Sendable, Equatable {
    package var count: Int
    package var selected: Int
    package var offset: Int

    package init(count: Int, selected: Int = 0) {
        self.count = count
        self.selected = min(max(0, selected), max(0, count - 1))
        offset = 0
    }

    package mutating func handle(_ key: Key, pageSize: Int) -> Bool {
        guard count > 0 else { return false }
        switch key {
        case .up, .character("k"): selected = max(0, selected - 1)
        case .down, .character("j"): selected = min(count - 1, selected + 1)
        case .pageUp: selected = max(0, selected - max(1, pageSize))
        case .pageDown: selected = min(count - 1, selected + max(1, pageSize))
        case .home: selected = 0
        case .end: selected = count - 1
        default: return false
        }
        return true
    }

    /// The rows to show in `height` rows, keeping the selection in view.
    package func visibleRange(height: Int) -> Range<Int> {
        guard height > 0, count > 0 else { return 0..<0 }
        var first = min(offset, max(0, count - height))
        if selected < first { first = selected }
        if selected >= first + height { first = selected - height + 1 }
        return first..<min(count, first + height)
    }

    package func render(_ rows: [(text: String, style: Style)], in rect: Rect, focused: Bool, into buffer: inout Buffer) {
        let range = visibleRange(height: rect.height)
        for (row, index) in range.enumerated() where index < rows.count {
            let y = rect.y + row
            buffer.put(rows[index].text.truncated(toWidth: rect.width), x: rect.x, y: y, style: rows[index].style, clip: rect)
            if index == selected && focused { buffer.restyle(Rect(x: rect.x, y: y, width: rect.width, height: 1), with: .reverse) }
        }
        if range.lowerBound > 0 { buffer.put("↑", x: rect.maxX - 1, y: rect.y, style: .dim) }
        if range.upperBound < count { buffer.put("↓", x: rect.maxX - 1, y: rect.maxY - 1, style: .dim) }
    }
}

/// Label: value rows with aligned values; long values wrap under themselves.
package struct StatusPanel: Sendable, Equatable {
    package struct Row: Sendable, Equatable {
        package var label: String
        package var value: String
        package var style: Style
        package init(_ label: String, _ value: String, style: Style = .plain) {
            self.label = label
            self.value = value
            self.style = style
        }
    }

    package var rows: [Row]
    package init(rows: [Row]) { self.rows = rows }

    /// A row whose label is wider than the label column, or whose value holds a word wider than
    /// the value column (an external name, a namespace, a path), is drawn with its label on a
    /// line of its own and the value under it at the panel's width: no label is clipped, and no
    /// value is cut unless it alone is wider than the panel.
    @discardableResult
    package func render(in rect: Rect, labelStyle: Style = .dim, into buffer: inout Buffer) -> Int {
        let labelWidth = min(rows.map { $0.label.displayWidth }.max() ?? 0, rect.width / 3) + 2
        var y = rect.y
        for row in rows {
            guard y < rect.maxY else { break }
            buffer.put(row.label, x: rect.x, y: y, style: labelStyle, clip: rect)
            let beside = row.value.wrapped(toWidth: rect.width - labelWidth, cuttingWords: false)
            if row.label.displayWidth <= labelWidth - 2, beside.allSatisfy({ $0.displayWidth <= rect.width - labelWidth }) {
                for line in beside.isEmpty ? [""] : beside {
                    guard y < rect.maxY else { break }
                    buffer.put(line, x: rect.x + labelWidth, y: y, style: row.style, clip: rect)
                    y += 1
                }
                continue
            }
            y += 1
            for line in row.value.wrapped(toWidth: rect.width - 2, cuttingWords: false) {
                // Wider than the indented column: from the panel's edge, cut only if wider than the panel.
                let pieces = line.displayWidth <= rect.width - 2 ? [(line, 2)] : line.wrapped(toWidth: rect.width).map { ($0, 0) }
                for (piece, indent) in pieces {
                    guard y < rect.maxY else { break }
                    buffer.put(piece, x: rect.x + indent, y: y, style: row.style, clip: rect)
                    y += 1
                }
            }
        }
        return y - rect.y
    }
}

/// Steps of a running job with what each is doing and how long it took.
package struct ProgressList: Sendable, Equatable {
    package enum State: Sendable, Equatable {
        case pending
        case running(since: Double)
        case done(seconds: Double)
        case failed(seconds: Double)
    }

    package struct Item: Sendable, Equatable {
        package var label: String
        package var state: State
        package init(_ label: String, _ state: State) {
            self.label = label
            self.state = state
        }
    }

    package var items: [Item]
    package init(items: [Item]) { self.items = items }

    package func render(in rect: Rect, now: Double, theme: Theme, into buffer: inout Buffer) {
        for (row, item) in items.enumerated() where row < rect.height {
            let (mark, style, time): (String, Style, String) = switch item.state {
            case .pending: ("·", theme.muted, "")
            case .running(let since): (Spinner.frame(at: now - since), theme.accent, Self.seconds(now - since))
            case .done(let seconds): ("✓", theme.good, Self.seconds(seconds))
            case .failed(let seconds): ("✗", theme.bad, Self.seconds(seconds))
            }
            let y = rect.y + row
            buffer.put(mark, x: rect.x, y: y, style: style)
            buffer.put(item.label.truncated(toWidth: rect.width - 10), x: rect.x + 2, y: y, style: .plain, clip: rect)
            buffer.put(time, x: rect.maxX - time.displayWidth, y: y, style: theme.muted, clip: rect)
        }
    }

    package static func seconds(_ value: Double) -> String {
        let tenths = Int((max(0, value) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)s"
    }
}

/// A braille spinner, one frame per 100 ms.
package enum Spinner {
    static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    package static func frame(at elapsed: Double) -> String {
        frames[Int(max(0, elapsed) * 10) % frames.count]
    }
}

/// A dialog over the screen: a bordered box with a title, body lines and buttons.
package struct ModalDialog: Sendable, Equatable {
    package var title: String
    package var body: [(text: String, style: Style)]
    package var buttons: [String]
    package var focusedButton: Int
    /// Buttons drawn but not offered yet (Send before the whole plan has been on screen).
    package var disabledButtons: Set<Int> = []
    /// The first body row shown when the body is taller than the dialog (PgUp/PgDn).
    package var scroll = 0
    /// The last body row, when the body scrolls: how many rows are above and below.
    package var moreMarker: @Sendable (_ above: Int, _ below: Int) -> String = { above, below in "-- \(above) above, \(below) below --" }
    /// What the last key said, above the buttons: never scrolled out of view, never covered by
    /// the dialog as the screen's status line is. The body's window gives up its rows.
    package var notice: [(text: String, style: Style)] = []

    package init(title: String, body: [(text: String, style: Style)], buttons: [String], focusedButton: Int = 0) {
        self.title = title
        self.body = body
        self.buttons = buttons
        self.focusedButton = focusedButton
    }

    package static func == (lhs: ModalDialog, rhs: ModalDialog) -> Bool {
        lhs.title == rhs.title && lhs.buttons == rhs.buttons && lhs.focusedButton == rhs.focusedButton
            && lhs.body.map(\.text) == rhs.body.map(\.text) && lhs.body.map(\.style) == rhs.body.map(\.style)
            && lhs.disabledButtons == rhs.disabledButtons && lhs.scroll == rhs.scroll
            && lhs.notice.map(\.text) == rhs.notice.map(\.text) && lhs.notice.map(\.style) == rhs.notice.map(\.style)
    }

    /// The widest a dialog over `area` gets, and the text and body rows it then holds: what a
    /// caller measures its own lines against before they are wrapped.
    static func maximumWidth(over area: Rect) -> Int { min(area.width - 4, 100) }
    package static func textWidth(over area: Rect) -> Int { maximumWidth(over: area) - 4 }
    package static func bodyRows(over area: Rect) -> Int { area.height - 6 }

    /// The body as laid out over `area`: wrapped, never cut; what does not fit scrolls.
    package struct Layout: Sendable {
        package var width: Int
        package var lines: [(text: String, style: Style)]
        /// Body rows the dialog has on screen.
        package var rows: Int
        /// The notice, wrapped: drawn below the body's window.
        package var notice: [(text: String, style: Style)] = []
        /// Rows of text in a window when the body scrolls: the last row is the marker.
        package var window: Int { lines.count > rows ? max(1, rows - 1) : lines.count }
        package var scrollLimit: Int { max(0, lines.count - window) }
        /// The furthest body row on screen at `scroll`.
        package func lastRowShown(scroll: Int) -> Int { min(max(0, scroll), scrollLimit) + window - 1 }
    }

    package func layout(over area: Rect) -> Layout {
        let width = min(Self.maximumWidth(over: area), max(50, (body.map { $0.text.displayWidth }.max() ?? 0) + 4))
        var wrapped: [(text: String, style: Style)] = []
        for line in body {
            let lines = line.text.wrapped(toWidth: width - 4)
            for piece in lines.isEmpty ? [""] : lines { wrapped.append((piece, line.style)) }
        }
        var notice: [(text: String, style: Style)] = []
        for line in self.notice {
            for piece in line.text.wrapped(toWidth: width - 4) { notice.append((piece, line.style)) }
        }
        let room = max(1, Self.bodyRows(over: area) - notice.count)
        return Layout(width: width, lines: wrapped, rows: min(room, wrapped.count), notice: notice)
    }

    /// Where the dialog's border goes over `area`.
    package func frame(over area: Rect) -> Rect {
        let layout = layout(over: area)
        return area.centred(width: layout.width, height: layout.rows + layout.notice.count + 4)
    }

    package func render(over area: Rect, theme: Theme, into buffer: inout Buffer) {
        let layout = layout(over: area)
        let rect = frame(over: area)
        // Its rows are cleared from edge to edge: no fragment of the screen underneath (half a
        // word, a glyph a border cut) is left beside the border to be read as the dialog's.
        buffer.fill(Rect(x: 0, y: rect.y, width: buffer.size.width, height: rect.height))
        let inside = drawBox(rect, title: title, style: theme.accent, titleStyle: theme.heading, into: &buffer)
        let top = min(max(0, scroll), layout.scrollLimit)
        for (row, line) in layout.lines[top...].prefix(layout.window).enumerated() {
            buffer.put(line.text, x: inside.x + 1, y: inside.y + row, style: line.style, clip: inside)
        }
        if layout.window < layout.lines.count {
            let marker = moreMarker(top, layout.lines.count - top - layout.window)
            buffer.put(marker.truncated(toWidth: inside.width - 2), x: inside.x + 1, y: inside.y + layout.window, style: theme.accent, clip: inside)
        }
        for (row, line) in layout.notice.enumerated() {
            buffer.put(line.text, x: inside.x + 1, y: inside.y + layout.rows + row, style: line.style, clip: inside)
        }
        var x = inside.x + 1
        for (index, label) in buttons.enumerated() {
            x = drawButton(label, at: x, y: inside.maxY - 1, focused: index == focusedButton, enabled: !disabledButtons.contains(index), into: &buffer) + 2
        }
    }
}

/// Key hints for the current screen on the last row. Never cut off: when they do not all fit,
/// the least important go first, then labels shorten to the key alone.
package struct Footer: Sendable, Equatable {
    package struct Hint: Sendable, Equatable {
        package var keys: String
        package var label: String
        /// Lower goes first when space runs out; essential hints (help, quit) are never dropped.
        package var priority: Int
        package init(_ keys: String, _ label: String, priority: Int = 1) {
            self.keys = keys
            self.label = label
            self.priority = priority
        }
    }

    package var hints: [Hint]
    /// What the help key's label becomes when hints had to be left out ("more"): the help
    /// lists every key of the screen, so the footer ends in `? more`.
    package var moreLabel: String?
    package init(hints: [Hint], moreLabel: String? = nil) {
        self.hints = hints
        self.moreLabel = moreLabel
    }

    static func text(_ hints: [Hint], labels: Bool) -> String {
        hints.map { labels ? "\($0.keys) \($0.label)" : $0.keys }.joined(separator: "  ")
    }

    /// The hints that fit `width`, in their order; when some are left out, the help hint
    /// moves to the end as `? more`.
    package func fitting(width: Int) -> (hints: [Hint], labels: Bool) {
        var shown = hints
        var leftOut = false
        while Self.text(shown, labels: true).displayWidth > width {
            guard let weakest = shown.enumerated().filter({ $0.element.priority < 9 }).min(by: { $0.element.priority < $1.element.priority }) else {
                return (shown, false)
            }
            shown.remove(at: weakest.offset)
            if !leftOut, let moreLabel, let help = shown.firstIndex(where: { $0.keys == "?" }) {
                leftOut = true
                var more = shown.remove(at: help)
                more.label = moreLabel
                shown.append(more)
            }
        }
        return (shown, true)
    }

    package func render(in rect: Rect, theme: Theme, into buffer: inout Buffer) {
        buffer.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: .reverse)
        let (shown, labels) = fitting(width: rect.width - 2)
        var x = rect.x + 1
        for hint in shown {
            x = buffer.put(hint.keys, x: x, y: rect.y, style: Style(bold: true, reverse: true), clip: rect)
            if labels { x = buffer.put(" " + hint.label, x: x, y: rect.y, style: .reverse, clip: rect) }
            x += 2
        }
    }
}
