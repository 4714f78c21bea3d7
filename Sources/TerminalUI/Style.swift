/// The eight ANSI colours every terminal has; `.default` is the terminal's own.
package enum Color: String, Sendable, Equatable, CaseIterable {
    case `default`, black, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell looks. Meaning never rests on colour alone: every coloured state also has a
/// word or a symbol, so a monochrome terminal (or `NO_COLOR`) loses nothing.
package struct Style: Sendable, Equatable, Hashable {
    package var foreground: Color
    package var background: Color
    package var bold: Bool
    package var dim: Bool
    package var reverse: Bool
    package var underline: Bool

    package init(foreground: Color = .default, background: Color = .default, bold: Bool = false,
                dim: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    package static let plain = Style()
    package static let bold = Style(bold: true)
    package static let dim = Style(dim: true)
    package static let reverse = Style(reverse: true)
    package static let underline = Style(underline: true)
    package static func fg(_ color: Color, bold: Bool = false) -> Style { Style(foreground: color, bold: bold) }

    /// The same style without colours, for monochrome terminals and `NO_COLOR`.
    package var monochrome: Style {
        var style = self
        style.foreground = .default
        style.background = .default
        return style
    }

    /// One letter per style in golden files: what a reviewer needs to see, in one column per cell.
    package var code: Character {
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
package struct Theme: Sendable, Equatable {
    package var colour: Bool

    package init(colour: Bool) { self.colour = colour }

    /// Colour unless `NO_COLOR` is set to anything (https://no-color.org) or the terminal has none.
    package static func from(environment: [String: String], terminalHasColour: Bool = true) -> Theme {
        Theme(colour: terminalHasColour && environment["NO_COLOR"] == nil)
    }

    package func style(_ style: Style) -> Style { colour ? style : style.monochrome }

    package var text: Style { .plain }
    package var title: Style { style(Style(foreground: .cyan, bold: true)) }
    package var heading: Style { .bold }
    package var muted: Style { .dim }
    package var good: Style { style(.fg(.green, bold: true)) }
    package var warning: Style { style(.fg(.yellow, bold: true)) }
    package var bad: Style { style(.fg(.red, bold: true)) }
    package var accent: Style { style(.fg(.cyan)) }
    package var selected: Style { .reverse }
    package var key: Style { .bold }
    package var banner: Style { style(Style(foreground: .black, background: .yellow, bold: true, reverse: !colour)) }
    package var header: Style { style(Style(foreground: .white, background: .blue, bold: true, reverse: !colour)) }
}
