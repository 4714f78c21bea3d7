/// A size in terminal cells.
package struct Size: Sendable, Equatable, Hashable, CustomStringConvertible {
    package var width: Int
    package var height: Int
    package init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
    package var description: String { "\(width)x\(height)" }
}

/// A rectangle of cells; layouts split it, widgets draw inside it and never outside.
package struct Rect: Sendable, Equatable, Hashable {
    package var x: Int
    package var y: Int
    package var width: Int
    package var height: Int

    package init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    package init(size: Size) { self.init(x: 0, y: 0, width: size.width, height: size.height) }

    package var maxX: Int { x + width }
    package var maxY: Int { y + height }
    package var isEmpty: Bool { width == 0 || height == 0 }

    package func inset(by amount: Int) -> Rect { inset(horizontal: amount, vertical: amount) }
    package func inset(horizontal: Int, vertical: Int) -> Rect {
        Rect(x: x + horizontal, y: y + vertical, width: width - 2 * horizontal, height: height - 2 * vertical)
    }

    /// The top `rows` rows, and what is left below them.
    package func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let rows = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: rows), Rect(x: x, y: y + rows, width: width, height: height - rows))
    }

    package func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let rows = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: height - rows), Rect(x: x, y: maxY - rows, width: width, height: rows))
    }

    package func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let columns = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: columns, height: height), Rect(x: x + columns, y: y, width: width - columns, height: height))
    }

    /// A rectangle of at most `width` x `height`, centred in this one.
    package func centred(width: Int, height: Int) -> Rect {
        let w = min(width, self.width), h = min(height, self.height)
        return Rect(x: x + (self.width - w) / 2, y: y + (self.height - h) / 2, width: w, height: h)
    }
}

/// One terminal cell: a grapheme and its style. A wide grapheme occupies its cell and the
/// next one, which holds an empty continuation so nothing is ever drawn over half of it.
///
/// The grapheme is held as its first four scalars, inline: a cell is plain bits, so a frame of
/// 12,000 cells is made, copied and compared without a reference count per cell (a `String`
/// per cell was most of a keystroke's render time). Four is what a terminal is handed
/// (`NcursesTerminal.draw`), so the buffer holds exactly what is shown: a hostile name piling
/// combining marks on one letter cannot grow a cell either.
package struct Cell: Sendable, Equatable {
    package static let maxScalars = 4
    // Four words rather than a SIMD vector: aligned to 4 bytes, a cell is 24 bytes, not 32.
    private var scalar0: UInt32, scalar1: UInt32, scalar2: UInt32, scalar3: UInt32
    package var style: Style

    package init(_ grapheme: String = " ", style: Style = .plain) {
        (scalar0, scalar1, scalar2, scalar3) = Self.pack(grapheme.unicodeScalars)
        self.style = style
    }

    package init(_ character: Character, style: Style = .plain) {
        (scalar0, scalar1, scalar2, scalar3) = Self.pack(character.unicodeScalars)
        self.style = style
    }

    /// A printable ASCII character, without going through a `String`.
    package init(ascii byte: UInt8, style: Style = .plain) {
        (scalar0, scalar1, scalar2, scalar3) = (UInt32(byte), 0, 0, 0)
        self.style = style
    }

    private static func pack(_ source: some Sequence<Unicode.Scalar>) -> (UInt32, UInt32, UInt32, UInt32) {
        var packed = SIMD4<UInt32>()
        var index = 0
        for scalar in source {
            guard index < maxScalars else { break }
            packed[index] = scalar.value
            index += 1
        }
        return (packed[0], packed[1], packed[2], packed[3])
    }

    package static let blank = Cell()

    package var grapheme: String {
        get { String(String.UnicodeScalarView(unicodeScalars)) }
        set { (scalar0, scalar1, scalar2, scalar3) = Self.pack(newValue.unicodeScalars) }
    }

    /// The scalars as the terminal is handed them: in order, zero after the last.
    package var packedScalars: SIMD4<UInt32> { SIMD4(scalar0, scalar1, scalar2, scalar3) }

    /// The scalars held, in order (at most `maxScalars`).
    package var unicodeScalars: [Unicode.Scalar] {
        [scalar0, scalar1, scalar2, scalar3].prefix { $0 != 0 }.compactMap(Unicode.Scalar.init)
    }

    package var firstScalar: Unicode.Scalar? { scalar0 == 0 ? nil : Unicode.Scalar(scalar0) }
    package var isContinuation: Bool { scalar0 == 0 }

    /// Two columns, as `Character.displayWidth` measures the grapheme held.
    package var isWide: Bool {
        guard scalar0 >= 0x300 else { return false }
        return grapheme.first?.displayWidth == 2
    }

    /// A combining mark joins the grapheme, while there is room.
    package mutating func combine(_ character: Character) {
        var packed = packedScalars
        var index = 0
        while index < Self.maxScalars && packed[index] != 0 { index += 1 }
        for scalar in character.unicodeScalars {
            guard index < Self.maxScalars else { break }
            packed[index] = scalar.value
            index += 1
        }
        (scalar0, scalar1, scalar2, scalar3) = (packed[0], packed[1], packed[2], packed[3])
    }
}

/// What the wizard draws into: a grid of cells, the same for ncurses and for golden files.
package struct Buffer: Sendable, Equatable {
    package private(set) var size: Size
    package private(set) var cells: [Cell]

    package init(size: Size) {
        self.size = size
        cells = Array(repeating: .blank, count: max(0, size.width) * max(0, size.height))
    }

    package var area: Rect { Rect(size: size) }

    /// Blank again at `size`, keeping the storage: a frame drawn into the last one's cells
    /// allocates nothing.
    package mutating func reset(to size: Size) {
        let count = max(0, size.width) * max(0, size.height)
        self.size = size
        if cells.count == count {
            for index in cells.indices { cells[index] = .blank }
        } else {
            cells = Array(repeating: .blank, count: count)
        }
    }

    package subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < size.width && y < size.height }

    /// Writes `text` from (x, y), clipped to `clip` (default: the whole buffer), and returns the
    /// column after the last cell written. A wide glyph that does not fit is not drawn half:
    /// its cell is left blank in the text's style. Text cut at the right edge ends in `…` in
    /// its last cell, so a cut is never silent (spaces past the edge are no loss).
    @discardableResult
    package mutating func put(_ text: some StringProtocol, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        put(String(text), x: x, y: y, style: style, clip: clip)
    }

    @discardableResult
    package mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let bounds = clip ?? area
        guard y >= bounds.y, y < bounds.maxY, y >= 0, y < size.height else { return x }
        var column = x
        // Everything drawn passes here, so nothing from Okta reaches the terminal as a control.
        let line = text.utf8.firstIndex(of: 0x0A).map { String(text[..<$0]) } ?? text
        let shown = TerminalText.visible(line)
        let right = min(bounds.maxX, size.width)
        let bytes = shown.utf8
        var index = shown.startIndex
        while index < shown.endIndex {
            let byte = bytes[index]
            var after = bytes.index(after: index)
            var character: Character?
            var width = 1
            // ASCII followed by ASCII is a grapheme of one column (no mark combines into it, and
            // the controls are escaped above): most text is drawn a byte at a time.
            if byte >= 0x80 || (after < bytes.endIndex && bytes[after] >= 0x80) {
                character = shown[index]
                width = character!.displayWidth
                after = shown.index(after: index)
            }
            if width == 0 {
                // A combining mark joins the previous cell's grapheme.
                if column > bounds.x, contains(x: column - 1, y: y), let character { self[column - 1, y].combine(character) }
                index = after
                continue
            }
            if column + width > right {
                if column < right, column >= bounds.x, contains(x: column, y: y) { self[column, y] = Cell(" ", style: style) }
                if bytes[index...].contains(where: { $0 != 0x20 }) { markCut(atX: right - 1, y: y, from: max(x, bounds.x), style: style) }
                if column < bounds.maxX { column += width }
                break
            }
            if column >= bounds.x {
                clearHalf(atX: column, y: y)
                self[column, y] = character.map { Cell($0, style: style) } ?? Cell(ascii: byte, style: style)
                if width == 2 {
                    clearHalf(atX: column + 1, y: y)
                    self[column + 1, y] = Cell("", style: style)
                }
            }
            column += width
            index = after
        }
        return column
    }

    /// `count` copies of a one-column glyph from (x, y), as far as the buffer reaches: the lines
    /// of a box, which need neither measuring nor escaping.
    package mutating func repeatGlyph(_ glyph: Character, x: Int, y: Int, count: Int, style: Style) {
        assert(glyph.displayWidth == 1 && !glyph.unicodeScalars.contains(where: TerminalText.isUnsafe))
        guard y >= 0, y < size.height else { return }
        let cell = Cell(glyph, style: style)
        for column in max(0, x)..<max(max(0, x), min(size.width, x + count)) {
            clearHalf(atX: column, y: y)
            self[column, y] = cell
        }
    }

    /// `…` in the last cell a cut text drew in (`from` is its first cell in the clip).
    private mutating func markCut(atX x: Int, y: Int, from first: Int, style: Style) {
        guard x >= first, contains(x: x, y: y) else { return }
        clearHalf(atX: x, y: y)
        self[x, y] = Cell("…", style: style)
    }

    /// Overwriting one half of a wide glyph blanks its other half.
    private mutating func clearHalf(atX x: Int, y: Int) {
        guard contains(x: x, y: y) else { return }
        if self[x, y].isContinuation, x > 0 { self[x - 1, y] = Cell(" ", style: self[x - 1, y].style) }
        if self[x, y].isWide, contains(x: x + 1, y: y) {
            self[x + 1, y] = Cell(" ", style: self[x + 1, y].style)
        }
    }

    /// Fills a rectangle with blanks of a style (backgrounds, clearing a dialog's area).
    package mutating func fill(_ rect: Rect, style: Style = .plain) {
        let blank = Cell(" ", style: style)
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            // A wide glyph straddling either edge loses its other half too.
            clearHalf(atX: rect.x, y: y)
            clearHalf(atX: rect.maxX - 1, y: y)
            let row = y * size.width
            let columns = max(0, rect.x)..<min(size.width, rect.maxX)
            guard !columns.isEmpty else { continue }
            cells.replaceSubrange((row + columns.lowerBound)..<(row + columns.upperBound), with: repeatElement(blank, count: columns.count))
        }
    }

    /// Copies `source`'s rows from `firstRow` on into `rect`, as many as it holds: a pane drawn
    /// whole into a tall buffer, shown a window at a time.
    package mutating func paste(_ source: Buffer, fromRow firstRow: Int, into rect: Rect) {
        let columns = min(rect.width, source.size.width, size.width - rect.x)
        guard columns > 0 else { return }
        for row in 0..<rect.height {
            let from = firstRow + row, to = rect.y + row
            guard from >= 0, from < source.size.height, to >= 0, to < size.height else { continue }
            for column in 0..<columns { self[rect.x + column, to] = source[column, from] }
            // A wide glyph cut at the window's right edge would leave half a glyph.
            if self[rect.x + columns - 1, to].isWide { self[rect.x + columns - 1, to] = Cell(" ", style: self[rect.x + columns - 1, to].style) }
        }
    }

    /// Applies a style to the cells of a rectangle, keeping their text (selection bars).
    package mutating func restyle(_ rect: Rect, with style: Style) {
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { self[x, y].style = style }
        }
    }

    /// The text of each row, trailing blanks trimmed: what a golden file holds.
    package var lines: [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width { line += self[x, y].grapheme }
            return String(line.dropLast(while: { $0 == " " }))
        }
    }

    /// One style letter per column (see `Style.code`), a wide glyph's two cells both coded.
    package var styleLines: [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width { line.append(self[x, y].style.code) }
            return String(line.dropLast(while: { $0 == "." }))
        }
    }

    /// The text and the style layer, as golden files store a frame.
    package var snapshot: String {
        lines.joined(separator: "\n") + "\n--- styles ---\n" + styleLines.joined(separator: "\n") + "\n"
    }
}
