import CNcursesw
import Foundation
import TerminalUI

/// Why the wizard cannot take over this terminal, said plainly.
package struct TerminalUnavailable: Error, Sendable, CustomStringConvertible {
    package let message: String
    package var description: String { message }
    package init(message: String) { self.message = message }
}

/// The only code that talks to ncurses. Every call happens on the thread that created it
/// (ncurses is not thread-safe); the runtime keeps to that thread.
package final class NcursesTerminal: TerminalDevice {
    private var screen: OpaquePointer?
    private var pairs: [Int: Int16] = [:]
    package private(set) var hasColour = false
    private var active = false
    /// What the screen shows now, so the next frame sends only what changed.
    private var shown: Buffer?
    /// How the terminal said it draws ambiguous-width glyphs, when it was asked and answered.
    package private(set) var ambiguousWidth: AmbiguousWidth?
    /// The locale drawn under when the one asked for does not exist here (nil: it does).
    package private(set) var fallbackLocale: String?

    /// Takes over the terminal: the alternate screen, raw keys (Ctrl-C arrives as a key, not as
    /// ncurses' own exit in the middle of a write), no echo, and handlers that give the
    /// terminal back on SIGTERM, SIGHUP and crashes.
    package init(environment: [String: String] = ProcessInfo.processInfo.environment, probeAmbiguousWidth: Bool = false) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalUnavailable(message: "The wizard needs an interactive terminal (stdin and stdout must be a TTY). For scripts use inspect, plan, apply --yes or rollback --yes.")
        }
        guard let term = environment["TERM"], !term.isEmpty, term != "dumb" else {
            throw TerminalUnavailable(message: "TERM is \(environment["TERM"].map { "\"\($0)\"" } ?? "not set"): the wizard needs a terminal that can move the cursor (e.g. TERM=xterm-256color).")
        }
        switch Self.useUTF8Locale() {
        case .asked: break
        case .fallback(let name): fallbackLocale = name
        case .none:
            let asked = environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LANG"] ?? "not set"
            throw TerminalUnavailable(message: "This machine has no UTF-8 locale (the locale asked for is \(asked), and neither C.UTF-8 nor en_US.UTF-8 exists), so the wizard cannot draw its text. Install one (Debian or Ubuntu: apt-get install locales, then locale-gen C.UTF-8), or use the commands: inspect, plan, apply.")
        }
        if probeAmbiguousWidth { ambiguousWidth = Self.probeAmbiguousWidth() }
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

    enum LocaleChoice: Equatable {
        case asked
        case fallback(String)
    }

    /// ncursesw draws wide glyphs and box lines only under a UTF-8 locale. The one asked for
    /// (LANG=ja_JP.UTF-8, say) is often missing where the wizard runs: SSH passes the admin's
    /// LANG to servers and containers that have only C.UTF-8. The wizard's words do not come
    /// from the locale, so any UTF-8 locale the machine has draws them right.
    static func useUTF8Locale() -> LocaleChoice? {
        if setlocale(LC_ALL, "") != nil, isUTF8 { return .asked }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"] where setlocale(LC_CTYPE, name) != nil && isUTF8 {
            return .fallback(name)
        }
        return nil
    }

    private static var isUTF8: Bool {
        guard let codeset = dpo_codeset() else { return false }
        return ["UTF-8", "utf8"].contains(String(cString: codeset))
    }

    /// Asks the terminal how wide it draws an ambiguous-width glyph: ○ at the start of the line,
    /// then a cursor position report (ESC [ 6 n). Column 2 means one wide, 3 two wide. nil when
    /// the terminal does not answer within `timeoutMs` (the admin can still say it with a flag).
    static func probeAmbiguousWidth(timeoutMs: Int = 250) -> AmbiguousWidth? {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        cfmakeraw(&raw)
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return nil }
        defer {
            let clear = "\r\u{1B}[K"
            _ = clear.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        }
        let probe = "\r\u{25CB}\u{1B}[6n"
        _ = probe.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
        var answer: [UInt8] = []
        let deadline = Date().addingTimeInterval(Double(timeoutMs) / 1000)
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        while answer.last != UInt8(ascii: "R"), answer.count < 32 {
            let left = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            guard left > 0, poll(&descriptor, 1, left) > 0 else { return nil }
            var byte: UInt8 = 0
            guard read(STDIN_FILENO, &byte, 1) == 1 else { return nil }
            answer.append(byte)
        }
        // ESC [ row ; column R
        let text = String(decoding: answer, as: UTF8.self)
        guard let semicolon = text.lastIndex(of: ";"), let column = Int(text[text.index(after: semicolon)...].dropLast()) else { return nil }
        switch column {
        case 2: return .single
        case 3: return .double
        default: return nil
        }
    }

    /// Gives the terminal back exactly as it was; safe to call twice.
    package func restore() {
        guard active else { return }
        active = false
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        dpo_remove_restore_handlers()
    }

    package var size: Size { Size(width: Int(dpo_cols()), height: Int(dpo_lines())) }

    package func draw(_ buffer: Buffer, cursor: (x: Int, y: Int)?) {
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
                    // A row as it was is skipped whole (most rows, on a key press). Compared as bytes:
                    // a cell is plain bits, and a false difference only draws a cell again.
                    if !shownCells.isEmpty, memcmp(cells.baseAddress! + y * buffer.size.width, shownCells.baseAddress! + y * buffer.size.width,
                                                   width * MemoryLayout<Cell>.stride) == 0 { continue }
                    for x in 0..<width {
                        let index = y * buffer.size.width + x
                        if cells[index].isContinuation { continue }
                        if !shownCells.isEmpty && shownCells[index] == cells[index] { continue }
                        // The last cell of the screen cannot take a wide glyph without scrolling.
                        if x == width - 1 && y == height - 1 && cells[index].isWide { continue }
                        let scalars = cells[index].packedScalars
                        for slot in 0..<Cell.maxScalars { text[slot] = wchar_t(bitPattern: scalars[slot]) }
                        text[Cell.maxScalars] = 0
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

    package func nextKey(timeoutMs: Int) -> Key? {
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
