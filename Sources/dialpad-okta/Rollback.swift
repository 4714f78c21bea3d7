import ArgumentParser
import Foundation
import Synchronization
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

struct Rollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Undo what apply changed, from its journal, newest first.",
        discussion: """
        Only what dialpad-okta wrote is restored, to exactly its state before the write; a step that was \
        already done before the first apply is never touched. Deleting the dialpadPhone attribute deletes \
        every user's value of it and blocks re-adding it until Okta's clean-up ends: that needs \
        --delete-attribute-data on top of --yes.
        """)

    @OptionGroup var options: OrgOptions

    @Option(name: .customLong("step"), help: "Roll back one step (and the steps built on it): \(StepID.allCases.map(\.rawValue).joined(separator: ", ")).")
    var step: StepID?

    @Flag(name: .customLong("all"), help: "Roll back every journalled step.")
    var all = false

    @Flag(name: .customLong("yes"), help: "Required: rollback changes the org.")
    var yes = false

    @Flag(name: .customLong("delete-attribute-data"), help: "Confirm deleting dialpadPhone attributes and their values.")
    var deleteAttributeData = false

    @OptionGroup var state: StateOptions

    /// Checked at the start of `run`, not in `validate`: the parser would word it in English only.
    func refuseBadUsage() throws {
        guard (step != nil) != all else { throw CommandLineRefusal(.rollbackStepOrAll) }
        guard yes else { throw CommandLineRefusal(.rollbackNeedsYes) }
    }

    func run() async throws {
        try refuseBadUsage()
        try await options.withClient(readOnly: false) { client in
            let store = state.store(for: client.org)
            let text = CommandLineText(language: options.language, colour: false)
            let steps = step.map { Set([$0]) }
            // A step an admin changed since this tool wrote it is left alone, as the wizard does
            // (attack 5, F2): the rest is rolled back, and each is said with the values written.
            let leftAlone = Mutex<[StepID]>([])
            let undone = try await showingTheOrgAfterAFailure(client, store: store, appId: options.appId, language: options.language,
                                                              tally: { before, after in .rolledBack(steps: steps, before: before, after: after) }) {
                var executor = Executor(client: client, store: store)
                // Each type's restore named, so two "removed whole" lines are told apart (R30).
                executor.progressNamingTypes = { progress, userType in Output.standard.line("↶ \(text.progress(progress, userType: userType))") }
                return try await executor
                    .rollback(steps: steps, deleteAttributeData: deleteAttributeData, leavingChangedAlone: true,
                              found: { found in
                                  for (entry, finding) in found { Output.standard.line(.ours(text.strings.rollbackLine(entry, finding))) }
                                  leftAlone.withLock { $0 = StepID.allCases.filter(Set(found.map(\.entry.step)).contains) }
                              },
                              restoring: { Output.standard.line("    \(text.restoration($0))") },
                              leftAlone: { Output.standard.line(text.typesLeftAlone($0)) })
            }
            let alone = leftAlone.withLock { $0 }
            guard !alone.isEmpty else {
                Output.standard.line(.ours(text.rolledBack(undone.count)) + (undone.isEmpty ? "" : " \(text.journal(store.url.path))"))
                return
            }
            let rolled = StepID.allCases.filter(Set(undone.map(\.step)).contains)
            Output.standard.line(.ours(text.strings.rollbackSummary(RollbackSummary(rolledBack: rolled, requests: undone.count, notInOrg: [], leftAlone: alone))))
            // Not done: what was left alone waits for the admin in the Admin Console.
            throw ExitCode(Exit.notDone)
        }
    }
}
