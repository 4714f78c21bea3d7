import CNcursesw
import Foundation
import TerminalUI

/// Why the wizard cannot take over this terminal, said plainly.
public struct TerminalUnavailable: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}

/// The only code that talks to ncurses. Every call happens on the thread that created it
/// (ncurses is not thread-safe); the runtime keeps to that thread.
public final class NcursesTerminal: TerminalDevice {
    private var screen: OpaquePointer?
    private var pairs: [Int: Int16] = [:]
    public private(set) var hasColour = false
    private var active = false
    /// What the screen shows now, so the next frame sends only what changed.
    private var shown: Buffer?

    /// Takes over the terminal: the alternate screen, raw keys (Ctrl-C arrives as a key, not as
    /// ncurses' own exit in the middle of a write), no echo, and handlers that give the
    /// terminal back on SIGTERM, SIGHUP and crashes.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalUnavailable(message: "The wizard needs an interactive terminal (stdin and stdout must be a TTY). For scripts use inspect, plan, apply --yes or rollback --yes.")
        }
        guard let term = environment["TERM"], !term.isEmpty, term != "dumb" else {
            throw TerminalUnavailable(message: "TERM is \(environment["TERM"].map { "\"\($0)\"" } ?? "not set"): the wizard needs a terminal that can move the cursor (e.g. TERM=xterm-256color).")
        }
        setlocale(LC_ALL, "")
        dpo_save_terminal()
        guard let screen = dpo_newterm() else {
            throw TerminalUnavailable(message: "ncurses does not know the terminal type \"\(term)\"; try TERM=xterm-256color.")
        }
        self.screen = screen
        active = true
        var restore = ""
        if let exitAlternate = dpo_tigetstr("rmcup") { restore += String(cString: exitAlternate) }
        if let showCursor = dpo_tigetstr("cnorm") { restore += String(cString: showCursor) }
        dpo_set_restore_bytes(restore + "\u{1B}[0m")
        dpo_install_restore_handlers()
        raw()
        noecho()
        nonl()
        keypad(dpo_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        if has_colors() && environment["NO_COLOR"] == nil {
            start_color()
            use_default_colors()
            hasColour = true
        }
    }

    deinit { restore() }

    /// Gives the terminal back exactly as it was; safe to call twice.
    public func restore() {
        guard active else { return }
        active = false
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        dpo_remove_restore_handlers()
    }

    public var size: Size { Size(width: Int(dpo_cols()), height: Int(dpo_lines())) }

    public func draw(_ buffer: Buffer, cursor: (x: Int, y: Int)?) {
        let width = min(buffer.size.width, Int(dpo_cols()))
        let height = min(buffer.size.height, Int(dpo_lines()))
        // A keystroke changes a few cells; handing ncurses only those keeps a frame well under
        // a millisecond at 200x60. After a resize ncurses starts from a blank screen, so all go.
        let previous = shown.flatMap { $0.size == buffer.size ? $0 : nil }?.cells ?? []
        var text = [wchar_t](repeating: 0, count: 5)
        // Compared in place: copying each cell out (a String and a style) cost more than drawing.
        buffer.cells.withUnsafeBufferPointer { cells in
            previous.withUnsafeBufferPointer { shownCells in
                for y in 0..<height {
                    for x in 0..<width {
                        let index = y * buffer.size.width + x
                        if cells[index].isContinuation { continue }
                        if !shownCells.isEmpty && shownCells[index] == cells[index] { continue }
                        let grapheme = cells[index].grapheme
                        // The last cell of the screen cannot take a wide glyph without scrolling.
                        if x == width - 1 && y == height - 1 && grapheme.displayWidth > 1 { continue }
                        var count = 0
                        for scalar in grapheme.unicodeScalars.prefix(4) {
                            text[count] = wchar_t(bitPattern: scalar.value)
                            count += 1
                        }
                        text[count] = 0
                        let style = cells[index].style
                        _ = dpo_put(Int32(y), Int32(x), text, attributes(style), pair(style))
                    }
                }
            }
        }
        shown = buffer
        if let cursor {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
    }

    public func nextKey(timeoutMs: Int) -> Key? {
        wtimeout(dpo_stdscr(), Int32(timeoutMs))
        var character: wint_t = 0
        let result = get_wch(&character)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            // ncurses has resized its screen; what it shows no longer matches `shown`.
            if Int32(character) == dpo_key_resize() { shown = nil }
            return Self.functionKey(Int32(character), size: size)
        }
        return Self.key(forCharacter: UInt32(character), terminal: self)
    }

    static func functionKey(_ code: Int32, size: Size) -> Key? {
        switch code {
        case dpo_key_resize(): return .resize(size)
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        default:
            for number in 1...12 where code == dpo_key_f(Int32(number)) { return .function(number) }
            return nil
        }
    }

    static func key(forCharacter value: UInt32, terminal: NcursesTerminal) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    private func attributes(_ style: Style) -> attr_t {
        var value: attr_t = 0
        if style.bold { value |= dpo_a_bold() }
        if style.dim { value |= dpo_a_dim() }
        if style.reverse { value |= dpo_a_reverse() }
        if style.underline { value |= dpo_a_underline() }
        return value
    }

    private func pair(_ style: Style) -> Int16 {
        guard hasColour, style.foreground != .default || style.background != .default else { return 0 }
        let key = Self.number(style.foreground) * 16 + Self.number(style.background)
        if let existing = pairs[key] { return existing }
        let next = Int16(pairs.count + 1)
        init_pair(next, Int16(Self.number(style.foreground)), Int16(Self.number(style.background)))
        pairs[key] = next
        return next
    }

    static func number(_ color: Color) -> Int {
        switch color {
        case .default: return -1
        case .black: return Int(COLOR_BLACK)
        case .red: return Int(COLOR_RED)
        case .green: return Int(COLOR_GREEN)
        case .yellow: return Int(COLOR_YELLOW)
        case .blue: return Int(COLOR_BLUE)
        case .magenta: return Int(COLOR_MAGENTA)
        case .cyan: return Int(COLOR_CYAN)
        case .white: return Int(COLOR_WHITE)
        }
    }
}
