import SetupEngine
import Testing
import Wizard

/// The command line's words for an apply that stopped part way (issue 23, attack item 8):
/// the refused and unconfirmed writes named, a rollback offered only when something of the
/// run may be in the org.
@Suite struct StoppedRunWordsTests {
    @Test(arguments: [Language.en, .ja])
    func aRunThatPutNothingInTheOrgOffersNoRollback(language: Language) {
        let text = CommandLineText(language: language, colour: false)
        let refusedOnly = RunTally(.apply, done: 0, planned: 3, refused: [.mapping])
        #expect(!refusedOnly.mayHaveWritten)
        let line = text.stoppedRun(refusedOnly)
        #expect(!line.contains("rollback --all"), "nothing to undo: \(line)")
        #expect(line.contains(StepID.mapping.definition.title(language)), "the refused write is named: \(line)")

        let landed = RunTally(.apply, done: 1, planned: 3, refused: [.mapping])
        #expect(text.stoppedRun(landed).contains("rollback --all"))
        // An added attribute that may be in the org is undone only with the deletion confirmed:
        // the command printed is one that runs (re-attack N4).
        let added = RunTally(.apply, done: 0, planned: 3, unsettled: [.oktaAttribute], rollbackDeletesData: true)
        #expect(text.stoppedRun(added).contains("rollback --all --yes --delete-attribute-data"))
        #expect(!text.stoppedRun(landed).contains("--delete-attribute-data"))
        let unconfirmed = RunTally(.apply, done: 0, planned: 3, unsettled: [.oktaAttribute])
        #expect(text.stoppedRun(unconfirmed).contains("rollback --all"))
        #expect(text.stoppedRun(unconfirmed).contains(StepID.oktaAttribute.definition.title(language)))
    }
}

/// `demo --report`'s walk-through names the binary as the admin ran it, never the build
/// tree's path (issue 23, attack item 16): each line runs as printed, quoted for the shell.
@Suite struct DemoWalkthroughWordsTests {
    @Test(arguments: [Language.en, .ja])
    func theWalkthroughRunsTheBinaryAsInvoked(language: Language) {
        let text = CommandLineText(language: language, colour: false).demoWalkthrough(seed: "partial", binary: "/opt/okta tools/dialpad-okta")
            .description
        #expect(text.contains("'/opt/okta tools/dialpad-okta' simulator --seed partial"))
        #expect(text.contains("'/opt/okta tools/dialpad-okta' rollback --all --yes --delete-attribute-data"))
        #expect(!text.contains(".build/debug"))
    }
}
