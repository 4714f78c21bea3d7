import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Report how far the Dialpad phone-number sync is configured. Read-only: it can never write.",
        discussion: "Exit status: 0 every step done, 3 some steps not done, 1 error, 2 usage.")

    @OptionGroup var options: OrgOptions
    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("json"), help: "Print the report as JSON.")
    var json = false

    @Option(name: .customLong("orgs"), help: "A YAML file of orgs (orgUrl, and token: ${VARIABLE} or clientId and a privateKey file): inspect them all, several at once.")
    var orgsFile: String?

    @Option(name: .customLong("user-type"), help: ArgumentHelp("Read this custom user type's schema and mapping too, as apply --user-type does: its Dialpad users are no longer reported as missing the number once its steps are done (repeatable).", valueName: "id"))
    var userTypes: [String] = []

    func run() async throws {
        if let orgsFile {
            throw try await OrgsInspection(path: orgsFile, json: json, options: options, state: state).run()
        }
        let (report, observation, notDialpad) = try await options.withClient(readOnly: true, json: json) { client in
            let (report, observation) = try await Self.inspectObserving(client: client, appId: options.appId, language: options.language,
                                                                        confirmations: state.confirmations(for: client.org), userTypes: userTypes)
            return (report, observation, try await Observer(client: client).notDialpad(observation.app))
        }
        // Said first, so no line below reads as if the app were Dialpad's.
        if let notDialpad { Output.standard.line(.outsideLines(ErrorText(options.language).lines(notDialpad, warning: true).joined(separator: "\n")), to: json ? .standardError : .standardOutput) }
        if json {
            let data = try JSONEncoder.document.encode(report)
            Output.standard.data(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            Output.standard.text(CommandLineText(language: options.language, colour: Terminal.wantsColour).inspection(report, observation: observation))
        }
        throw ExitCode(report.complete ? Exit.done : Exit.notDone)
    }

    static func inspect(client: OktaClient, appId: String?, language: Language = .en,
                        confirmations: [Confirmation] = []) async throws -> InspectionReport {
        try await inspectObserving(client: client, appId: appId, language: language, confirmations: confirmations).report
    }

    static func inspectObserving(client: OktaClient, appId: String?, language: Language = .en, confirmations: [Confirmation] = [],
                                 userTypes: [String] = []) async throws -> (report: InspectionReport, observation: Observation) {
        // Read-only: an app that is not Dialpad's is read, and the caller says so.
        var observer = Observer(client: client)
        observer.acceptsAnyApp = true
        let observation = try await observer.observe(appId: appId, userTypes: userTypes)
        let steps = Planner.plan(observation, confirmations: confirmations)
        return (InspectionReport(observation: observation, steps: steps, requests: client.log.requestCount, waves: client.log.waves,
                                 language: language, confirmations: confirmations), observation)
    }
}

enum Terminal {
    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org) or TERM is dumb.
    static var wantsColour: Bool { Output.standard.colour(.standardOutput) }
}
