/// Text from outside the program (Okta's answers, files) as a terminal may show it.
///
/// An app label or an `errorSummary` is the org's data, and anyone who can name an app can
/// put escape sequences in it: OSC retitles the terminal, CSI clears it, U+202E reverses
/// what follows and U+200B hides a character. Every control (C0, DEL, C1), every format
/// character (bidi embeddings and isolates, zero-width characters, soft hyphen) and the
/// line and paragraph separators are shown visibly escaped as `<U+XXXX>`, so the admin sees
/// that they are there and the terminal acts on none of them. `--json` output keeps the
/// exact text: JSON escapes what it must, and a script wants the value as Okta sent it.
package enum TerminalText {
    package static func visible(_ text: String, keepingNewlines: Bool = false) -> String {
        if isPrintableASCII(text) { return text }
        guard text.unicodeScalars.contains(where: { isUnsafe($0) && !(keepingNewlines && $0 == "\n") }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) && !(keepingNewlines && scalar == "\n") {
                out.append(contentsOf: escaped(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Printable ASCII only, most of what is drawn and measured: decided a byte at a time, it is
    /// a column a byte and has nothing to escape.
    package static func isPrintableASCII(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    package static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII's only controls are C0 and DEL; it has no format or separator characters.
        if scalar.value < 0x80 { return scalar.value < 0x20 || scalar.value == 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }
}
