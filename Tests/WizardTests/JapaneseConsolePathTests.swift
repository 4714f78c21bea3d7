import SetupEngine
import Testing
@testable import Wizard

/// The attack on issue 23, item 14: the Japanese import advice left "To Okta" untranslated in
/// one console path (elsewhere Okta へ（To Okta）).
@Suite struct JapaneseConsolePathTests {
    @Test func theImportAdviceNamesToOktaInJapaneseEverywhere() {
        let text = ImportText(language: .ja, app: "Dialpad")
        for advice in [text.notEnabled, text.enable, text.importNow, text.queue] {
            #expect(!advice.contains("> To Okta >"), "\(advice)")
        }
    }
}

/// The attack on issue 23, item 14: ASCII ": " inside Japanese text (the bundle's lines).
@Suite struct JapaneseColonTests {
    @Test func theBundleLinesUseTheFullWidthColon() {
        let s = Strings.for(.ja)
        let lines = s.bundleHelpLines + s.bundleExitLines(.written(path: "/tmp/b.json")) + s.bundleExitLines(.notWritten(path: "/tmp/b.json"))
        for line in lines {
            #expect(!line.contains(": "), "\(line)")
        }
    }
}
