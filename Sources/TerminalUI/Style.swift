/// The eight ANSI colours every terminal has; `.default` is the terminal's own.
public enum Color: String, Sendable, Equatable, CaseIterable {
    case `default`, black, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell looks. Meaning never rests on colour alone: every coloured state also has a
/// word or a symbol, so a monochrome terminal (or `NO_COLOR`) loses nothing.
public struct Style: Sendable, Equatable, Hashable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(foreground: Color = .default, background: Color = .default, bold: Bool = false,
                dim: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let dim = Style(dim: true)
    public static let reverse = Style(reverse: true)
    public static let underline = Style(underline: true)
    public static func fg(_ color: Color, bold: Bool = false) -> Style { Style(foreground: color, bold: bold) }

    /// The same style without colours, for monochrome terminals and `NO_COLOR`.
    public var monochrome: Style {
        var style = self
        style.foreground = .default
        style.background = .default
        return style
    }

    /// One letter per style in golden files: what a reviewer needs to see, in one column per cell.
    public var code: Character {
        if reverse { return "R" }
        switch foreground {
        case .red: return bold ? "E" : "e"
        case .green: return bold ? "G" : "g"
        case .yellow: return bold ? "Y" : "y"
        case .cyan, .blue: return bold ? "C" : "c"
        case .magenta: return "m"
        default: break
        }
        if bold { return "B" }
        if dim { return "d" }
        if underline { return "u" }
        return "."
    }
}

/// The palette of the wizard's meanings, resolved once for colour or monochrome.
public struct Theme: Sendable, Equatable {
    public var colour: Bool

    public init(colour: Bool) { self.colour = colour }

    /// Colour unless `NO_COLOR` is set to anything (https://no-color.org) or the terminal has none.
    public static func from(environment: [String: String], terminalHasColour: Bool = true) -> Theme {
        Theme(colour: terminalHasColour && environment["NO_COLOR"] == nil)
    }

    public func style(_ style: Style) -> Style { colour ? style : style.monochrome }

    public var text: Style { .plain }
    public var title: Style { style(Style(foreground: .cyan, bold: true)) }
    public var heading: Style { .bold }
    public var muted: Style { .dim }
    public var good: Style { style(.fg(.green, bold: true)) }
    public var warning: Style { style(.fg(.yellow, bold: true)) }
    public var bad: Style { style(.fg(.red, bold: true)) }
    public var accent: Style { style(.fg(.cyan)) }
    public var selected: Style { .reverse }
    public var key: Style { .bold }
    public var banner: Style { style(Style(foreground: .black, background: .yellow, bold: true, reverse: !colour)) }
    public var header: Style { style(Style(foreground: .white, background: .blue, bold: true, reverse: !colour)) }
}
