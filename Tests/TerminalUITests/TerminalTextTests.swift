import Testing
@testable import TerminalUI

/// Issue 16: text from Okta reaches the terminal shown, never obeyed.
@Suite struct TerminalTextTests {
    @Test("controls, bidi and format characters are shown escaped", arguments: [
        ("Dial\u{1B}]0;owned\u{07}pad", "Dial<U+001B>]0;owned<U+0007>pad"),
        ("\u{1B}[2J\u{1B}[H", "<U+001B>[2J<U+001B>[H"),
        ("abc\u{202E}fed", "abc<U+202E>fed"),
        ("zero\u{200B}width", "zero<U+200B>width"),
        ("c1\u{9B}31m", "c1<U+009B>31m"),
        ("line\u{2028}sep", "line<U+2028>sep"),
        ("tab\tand\nnewline", "tab<U+0009>and<U+000A>newline"),
    ])
    func escapes(input: String, shown: String) {
        #expect(TerminalText.visible(input) == shown)
    }

    @Test("ordinary text, Japanese and emoji pass unchanged")
    func ordinaryTextUnchanged() {
        for text in ["Dialpad Phone", "ダイアルパッド電話", "phoneNumbers.^[type=='Dialpad'].value", "📞 +1 415 555 0100"] {
            #expect(TerminalText.visible(text) == text)
        }
        #expect(TerminalText.visible("a\nb", keepingNewlines: true) == "a\nb")
    }

    @Test("the buffer never holds a control character, whatever it is given")
    func bufferHoldsNoControls() {
        var buffer = Buffer(size: Size(width: 60, height: 2))
        buffer.put("App: Dial\u{1B}[2J\u{202E}pad\u{200B}!", x: 0, y: 0)
        let scalars = (0..<60).flatMap { buffer[$0, 0].grapheme.unicodeScalars }
        #expect(!scalars.contains { TerminalText.isUnsafe($0) })
        let row = (0..<60).map { buffer[$0, 0].grapheme }.joined()
        #expect(row.hasPrefix("App: Dial<U+001B>[2J<U+202E>pad<U+200B>!"))
    }
}
