import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a half-finished setup from its journal; the live org decides what is left.",
        discussion: """
        Writes the interrupted run left unsettled are read back first (nothing is sent for them); then \
        what is left of that run's phase or steps, and nothing beyond, is printed and asked for, as apply \
        does (--yes sends it without asking; without a terminal and without --yes nothing is sent). \
        Exit status: 0 every step done, 3 stopped at a step that needs the Admin Console or nothing was \
        sent, 1 error, 2 usage.
        """)

    @OptionGroup var options: OrgOptions

    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("yes"), help: "Send what is left without asking (required when not on a terminal).")
    var yes = false

    func run() async throws {
        try await options.withClient(readOnly: false) { client in
            let store = state.store(for: client.org)
            var executor = Executor(client: client, store: store)
            executor.progressNamingTypes = ProgressPrinter(quiet: false, language: options.language).callAsFunction
            // What is left of the interrupted run's own scope, printed and asked for like any apply.
            let approval = CommandLineApproval(yes: yes, expectedFingerprint: nil,
                                               text: CommandLineText(language: options.language, colour: false),
                                               org: client.org, command: "resume", reportsWhenNothingIsLeft: true)
            let planned = PlannedCount()
            let run = try await showingTheOrgAfterAFailure(client, store: store, appId: options.appId, language: options.language,
                                                           tally: { before, after in planned.value.map { .applied(planned: $0, before: before, after: after) } }) {
                try await executor.resume(approver: planned.counting(approval.approver)).result
            }
            guard let result = run else { throw ExitCode(Exit.notDone) }
            let exit = result.printReport(client, journal: store.url, language: options.language)
            printConflicts(result.steps, language: options.language)
            throw exit
        }
    }
}
