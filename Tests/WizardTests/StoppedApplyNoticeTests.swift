import SetupEngine
import Testing
@testable import Wizard

/// The wizard's notice after an apply that stopped part way says what the command line says:
/// the writes Okta refused, those it has not shown, and b's rollback only when something of
/// the run may be in the org (`RunTally.mayHaveWritten`), in English and Japanese.
@Suite struct StoppedApplyNoticeTests {
    static let places: [NextKeysPlace] = [.phase, .overview, .elsewhere, .textField]

    @Test(arguments: [Language.en, .ja])
    func aRunOfWhichNothingLandedNamesTheRefusalAndOffersNoRollback(language: Language) {
        let strings = Strings.for(language)
        let tally = RunTally(.apply, done: 0, planned: 3, refused: [.oktaAttribute])
        #expect(!tally.mayHaveWritten)
        for place in Self.places {
            let text = strings.outcome(tally, at: place)
            #expect(text.contains(strings.stepTitle(.oktaAttribute)), "the refused write is named")
            #expect(!text.contains(strings.rollbackOffer(place)), "nothing to roll back: b is not offered")
            #expect(text.contains(strings.nothingToRollBackAfterRun))
        }
    }

    @Test(arguments: [Language.en, .ja])
    func aRunThatMayHaveWrittenNamesWhatIsUnconfirmedAndOffersRollback(language: Language) {
        let strings = Strings.for(language)
        let tally = RunTally(.apply, done: 2, planned: 3, unsettled: [.mapping])
        for place in Self.places {
            let text = strings.outcome(tally, at: place)
            #expect(text.contains(strings.stepTitle(.mapping)), "the write not yet shown is named")
            #expect(text.contains(strings.rollbackOffer(place)))
            #expect(!text.contains(strings.nothingToRollBackAfterRun))
        }
        // A refused write beside written ones: both named, rollback still offered.
        let mixed = strings.outcome(RunTally(.apply, done: 1, planned: 3, refused: [.mapping]), at: .phase)
        #expect(mixed.contains(strings.stepTitle(.mapping)) && mixed.contains(strings.rollbackOffer(.phase)))
    }
}
