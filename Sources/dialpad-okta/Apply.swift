import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

struct Apply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make every step that has a public API match the procedure, journalling each write.",
        discussion: """
        After the plan was shown (without --yes, or with --plan), the org is read again before the \
        first write and nothing is sent if it no longer gives exactly that plan; every write touches \
        only what the step owns and is read back until Okta shows it. \
        Exit status: 0 every step done, 3 stopped at a step that needs the Admin Console, 1 error, 2 usage.
        """)

    @OptionGroup var options: OrgOptions

    @Flag(name: .customLong("yes"), help: "Apply without asking (required when not on a terminal).")
    var yes = false

    @Option(name: .customLong("phase"), help: "Apply only one phase: attributes, mappings or sourcing.")
    var phase: Phase?

    @Option(name: .customLong("plan"), help: ArgumentHelp("Apply only if the org still gives the plan with this fingerprint (printed by plan); otherwise send nothing.", valueName: "fingerprint"))
    var expectedPlan: String?

    @Option(name: .customLong("user-type"), help: ArgumentHelp("Set up this custom user type too, with the same plan, journal and rollback: the attribute on its schema, its mapping, PUSH and the override (repeatable; inspect lists the types of Dialpad's users).", valueName: "id"))
    var userTypes: [String] = []

    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("json"), help: "Print each step's state, the writes made and the requests used, as JSON.")
    var json = false

    /// Checked at the start of `run`, not in `validate`: the parser would word it in English only.
    func refuseBadUsage() throws {
        if !yes && (isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1) {
            throw CommandLineRefusal(.applyNeedsYesWithoutATerminal)
        }
    }

    struct Document: Encodable {
        var report: InspectionReport
        var writes: [Journal.Entry]
        var stateFile: String

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            enum Key: String, CodingKey { case writes, stateFile }
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(writes, forKey: .writes)
            try container.encode(stateFile, forKey: .stateFile)
        }
    }

    func run() async throws {
        try refuseBadUsage()
        let steps = Set(StepID.allCases.filter { phase == nil || $0.phase == phase })
        try await options.withClient(readOnly: false, json: json) { client in
            let store = state.store(for: client.org)
            var executor = Executor(client: client, store: store)
            executor.progressNamingTypes = ProgressPrinter(quiet: json, language: options.language).callAsFunction
            let approval = CommandLineApproval(yes: yes, expectedFingerprint: expectedPlan,
                                               text: CommandLineText(language: options.language, colour: false),
                                               org: client.org, command: "apply")
            let planned = PlannedCount()
            // The types an earlier run of this journal set up are carried on, and the admin told so.
            let carried = UserTypeCarry(journal: try store.load(expectingOrg: client.org.description), given: userTypes)
            if !carried.types.isEmpty {
                Output.standard.line(CommandLineText(language: options.language, colour: false).carriesUserTypes(carried.types), to: json ? .standardError : .standardOutput)
            }
            let run = try await showingTheOrgAfterAFailure(client, store: store, appId: options.appId, language: options.language,
                                                           tally: { before, after in planned.value.map { .applied(planned: $0, before: before, after: after) } }) {
                try await UserTypeLookupError.namingTheJournal(carried.types, journal: store.url.path) {
                    try await executor.apply(appId: options.appId, steps: steps, userTypes: carried.all, approver: planned.counting(approval.approver))
                }
            }
            guard let result = run else { throw ExitCode(Exit.notDone) }
            if json {
                let document = Document(report: result.report(client, language: options.language), writes: result.writes, stateFile: store.url.path)
                Output.standard.data(String(decoding: try JSONEncoder.document.encode(document), as: UTF8.self) + "\n")
                throw ExitCode(result.report(client, language: options.language).complete ? Exit.done : Exit.notDone)
            }
            let exit = result.printReport(client, journal: store.url, language: options.language)
            printConflicts(result.steps, language: options.language)
            throw exit
        }
    }
}
