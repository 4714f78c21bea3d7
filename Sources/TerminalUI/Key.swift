/// A key press or a terminal event, independent of ncurses so screens are testable.
package enum Key: Sendable, Equatable, Hashable {
    case character(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
    /// Ctrl plus a letter, e.g. `.control("c")`.
    case control(Character)
    case resize(Size)

    /// Every function key has a letter: terminals and multiplexers often eat F-keys.
    package var meaning: Key {
        switch self {
        case .function(1): return .character("?")
        case .function(5): return .character("r")
        case .function(10): return .character("q")
        default: return self
        }
    }
}

/// What the runtime needs from a terminal: its size, drawing a whole frame, reading a key.
/// The ncurses backend is the real one; tests drive the wizard through a buffer-only one.
package protocol TerminalDevice: AnyObject {
    var size: Size { get }
    func draw(_ buffer: Buffer, cursor: (x: Int, y: Int)?)
    /// The next key, or nil when none came within `timeoutMs`.
    func nextKey(timeoutMs: Int) -> Key?
}
