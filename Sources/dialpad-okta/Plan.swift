import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the exact requests apply would send, in order. Read-only: it can never write.",
        discussion: "Exit status: 0 nothing left to do, 3 writes or Admin Console steps remain, 1 error, 2 usage.")

    @OptionGroup var options: OrgOptions
    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("json"), help: "Print the plan as JSON: the inspection report plus \"writes\".")
    var json = false

    @Option(name: .customLong("user-type"), help: ArgumentHelp("Plan this custom user type's steps too, as apply --user-type does (repeatable).", valueName: "id"))
    var userTypes: [String] = []

    struct Document: Encodable {
        var report: InspectionReport
        var plan: WritePlan

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            enum Key: String, CodingKey { case writes, fingerprint }
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(plan.writes, forKey: .writes)
            try container.encode(plan.fingerprint, forKey: .fingerprint)
        }
    }

    func run() async throws {
        let (observation, report, confirmations, notDialpad) = try await options.withClient(readOnly: true, json: json) { client in
            // Read-only: an app that is not Dialpad's is read, and said first (apply refuses it).
            var observer = Observer(client: client)
            observer.acceptsAnyApp = true
            let observation = try await observer.observe(appId: options.appId, userTypes: userTypes)
            let confirmations = state.confirmations(for: client.org)
            let steps = Planner.plan(observation, confirmations: confirmations)
            return (observation, InspectionReport(observation: observation, steps: steps, requests: client.log.requestCount,
                                                  waves: client.log.waves, language: options.language, confirmations: confirmations), confirmations,
                    try await observer.notDialpad(observation.app))
        }
        if let notDialpad { Output.standard.line(.outsideLines(ErrorText(options.language).lines(notDialpad, warning: true).joined(separator: "\n")), to: json ? .standardError : .standardOutput) }
        let plan = WritePlan(observation, confirmations: confirmations)
        if json {
            Output.standard.data(String(decoding: try JSONEncoder.document.encode(Document(report: report, plan: plan)), as: UTF8.self) + "\n")
        } else {
            let text = CommandLineText(language: options.language, colour: Terminal.wantsColour)
            Output.standard.text(text.inspection(report, observation: observation) + text.plan(plan, complete: report.complete))
        }
        throw ExitCode(report.complete ? Exit.done : Exit.notDone)
    }
}
