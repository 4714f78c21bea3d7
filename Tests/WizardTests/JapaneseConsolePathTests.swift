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
