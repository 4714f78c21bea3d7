import Foundation
import SetupEngine
import Testing
import TestSupport
@testable import Wizard

/// Issue 26 section 2: the command line's progress and its commands' own sentences are worded
/// in the text layer, in English and Japanese; the engine gives only `ApplyProgress` values.
@Suite struct CommandWordsTests {
    static let en = CommandLineText(language: .en, colour: false)
    static let ja = CommandLineText(language: .ja, colour: false)

    static let progress: [ApplyProgress] = [
        .writing(.oktaAttribute), .awaitingReadBack(.appAttribute, waitedSeconds: 4, patienceSeconds: 120), .sendingAgain(.appAttribute),
        .awaitingCleanup(.oktaAttribute, attribute: "dialpadPhone", waitedSeconds: 7, patienceSeconds: 120),
        .settled(.mapping, appliedBeforeInterruption: true), .settled(.mapping, appliedBeforeInterruption: false), .restoring(.pushStatus),
    ]

    /// The English lines scripts match, word for word as the engine said them before.
    @Test func englishProgressKeepsItsWords() {
        #expect(Self.progress.map(Self.en.progress) == [
            "Okta user attribute dialpadPhone: writing",
            "Dialpad app attribute dialpadPhone: Okta acknowledged the write; waiting for it to show in reads (4 s so far, up to 120 s, as Okta can show a schema write seconds later)",
            "Dialpad app attribute dialpadPhone: still not shown, so sent once more (Okta can drop one of two writes to a schema)",
            "Okta user attribute dialpadPhone: Okta still cleans up a deleted attribute named dialpadPhone and refused to add it; the same write goes again when the clean-up ends (7 s so far, up to 120 s)",
            "Mapping Dialpad → Okta user: interrupted after Okta applied it; confirmed from the org",
            "Mapping Dialpad → Okta user: interrupted before Okta applied it; planned again",
            "Apply mapping on create and update: restoring what it was before this tool",
        ])
    }

    /// Every progress line in Japanese names its step by its Japanese title and its numbers.
    @Test(arguments: progress)
    func japaneseProgress(_ progress: ApplyProgress) {
        let line = Self.ja.progress(progress)
        #expect(line.contains(Strings.for(.ja).stepTitle(progress.step)), "\(line)")
        #expect(line.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) } && EnglishDetector.runs(in: line).isEmpty, "\(line)")
        if case .awaitingReadBack(_, let waited, let patience) = progress { #expect(line.contains("\(waited)") && line.contains("\(patience)")) }
    }

    /// The commands' own sentences have both languages, and the Japanese one is Japanese.
    @Test func commandSentencesInBothLanguages() {
        let sentences: [(CommandLineText) -> String] = [
            \.stopOnceTheWriteSettles, { $0.checkedUsers(1200, perSecond: 300) }, \.credentialsGoTo, \.privateKeyFile, \.noDialpadApp,
            { $0.orgsTableHeader.joined(separator: " ") }, \.warningLead,
        ]
        for sentence in sentences {
            let english = sentence(Self.en), japanese = sentence(Self.ja)
            #expect(english != japanese)
            #expect(japanese.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }
                    && EnglishDetector.runs(in: japanese).isEmpty, "\(japanese)")
        }
        #expect(Self.ja.checkedUsers(1200, perSecond: 300).contains("1200") && Self.ja.checkedUsers(1200, perSecond: 300).contains("300"))
    }
}
