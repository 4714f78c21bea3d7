/// How a terminal draws the glyphs Unicode leaves "ambiguous" in width (East Asian Width A:
/// box lines, ○ ◆ … → • ↑ ↓): one column, or two, as terminals set up for Japanese often do
/// (iTerm2, RLogin, Tera Term and GNOME Terminal offer it). Drawn two wide, every such glyph
/// pushes the rest of its line one column right and boxes fall apart.
package enum AmbiguousWidth: String, Sendable, CaseIterable {
    case single
    case double
}

/// One-column ASCII for each ambiguous glyph the wizard draws, so a frame reads the same on a
/// terminal that draws those glyphs two wide.
package enum UnambiguousGlyphs {
    package static func replacement(for scalar: Unicode.Scalar) -> Character? {
        switch scalar.value {
        case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2550: return "-"
        case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551: return "|"
        case 0x2500...0x257F: return "+"
        case 0x25CB, 0x25C7, 0x25A1, 0x25EF: return "o"
        case 0x25C6, 0x25A0, 0x25CF, 0x2022, 0x203B: return "*"
        case 0x2026, 0x00B7, 0x2025: return "."
        case 0x2192, 0x25B6, 0x21D2: return ">"
        case 0x2190, 0x25C0: return "<"
        case 0x2191, 0x25B2: return "^"
        case 0x2193, 0x25BC: return "v"
        case 0x00D7: return "x"
        default: return nil
        }
    }
}

extension Buffer {
    /// Replaces every ambiguous-width glyph with its one-column ASCII stand-in.
    package mutating func replaceAmbiguousGlyphs() {
        for y in 0..<size.height {
            for x in 0..<size.width {
                let cell = self[x, y]
                guard let scalar = cell.firstScalar, let ascii = UnambiguousGlyphs.replacement(for: scalar) else { continue }
                self[x, y] = Cell(String(ascii), style: cell.style)
            }
        }
    }
}
