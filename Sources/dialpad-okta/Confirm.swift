import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

struct Confirm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Record what you did in the Admin Console where Okta's API cannot show it.",
        discussion: """
        new-users-only: the mapping is to fill new and changed users only ("Don't apply updates"). \
        apply-now: you chose "Apply updates now" (the users' values then show whether it finished). \
        do-nothing-lowest-priority: Dialpad's "When a user is deactivated in the app" is "Do nothing" and \
        Dialpad is the lowest profile source (refused while the API shows no other profile source). \
        other-source-unseen: a profile source the API cannot list (an identity provider this credential \
        cannot read) ranks above Dialpad, so the only-source gate opens. Reports show these as \
        confirmed by you, never as verified.
        """)

    @Argument(help: "new-users-only, apply-now, do-nothing-lowest-priority or other-source-unseen")
    var choice: Confirmation.Choice

    @OptionGroup var options: OrgOptions
    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("yes"), help: "Required: you confirm this is what the Admin Console shows.")
    var yes = false

    /// Checked at the start of `run`, not in `validate`: the parser would word it in English only.
    func refuseBadUsage() throws {
        guard yes else { throw CommandLineRefusal(.confirmNeedsYes) }
    }

    func run() async throws {
        try refuseBadUsage()
        try await options.withClient(readOnly: true) { client in
            let store = state.store(for: client.org)
            // The step's word before this one, which this one replaces: said, never silently dropped.
            let earlier = Confirmation.replaced(by: choice, in: try? store.load(expectingOrg: client.org.description))
            let steps = try await Executor(client: client, store: store).confirm(choice, appId: options.appId)
            let step = Confirmation.step(for: choice)
            let words = CommandLineText(language: options.language, colour: false)
            if let report = steps.first(where: { $0.id == step }) {
                Output.standard.text(words.recorded(store.url.path, report, observation: nil))
            }
            if let earlier { Output.standard.line(.ours(words.replacedWord(earlier.choice, by: choice))) }
        }
    }
}
