import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the exact requests apply would send, in order. Read-only: it can never write.",
        discussion: "Exit status: 0 nothing left to do, 3 writes or Admin Console steps remain, 1 error, 2 usage.")

    @OptionGroup var options: OrgOptions
    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("json"), help: "Print the plan as JSON: the inspection report plus \"writes\".")
    var json = false

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
        let (observation, report) = try await options.withClient(readOnly: true, json: json) { client in
            let observation = try await Observer(client: client).observe(appId: options.appId)
            let steps = Planner.plan(observation, confirmations: state.confirmations(for: client.org))
            return (observation, InspectionReport(observation: observation, steps: steps, requests: client.log.requestCount,
                                                  waves: client.log.waves, language: options.language))
        }
        let plan = WritePlan(observation)
        let writes = plan.writes
        if json {
            Output.standard.data(String(decoding: try JSONEncoder.okta.encode(Document(report: report, plan: plan)), as: UTF8.self) + "\n")
        } else if options.language == .ja {
            Output.standard.text(ReportRenderer.render(report, observation: observation, language: .ja)
                  + CommandLineText(language: .ja, colour: Terminal.wantsColour).plan(plan, complete: report.complete))
        } else {
            let renderer = ReportRenderer(colour: Terminal.wantsColour)
            let text = CommandLineText(language: .en, colour: false)
            var out = renderer.render(report)
            if writes.isEmpty {
                out += .ours("\nNo write to make" + (report.complete ? "." : ": what is left needs the Admin Console or a decision (see above).") + "\n")
            } else {
                out += "\n" + renderer.bold("Plan \(ours: plan.fingerprint): apply would send, in this order:") + "\n"
                for (index, write) in writes.enumerated() {
                    let body = String(decoding: (try? JSONEncoder.okta.encode(write.body)) ?? Data(), as: UTF8.self)
                    out += "\n\(index + 1). [\(ours: write.step.rawValue)] \(write.summary)\n   \(ours: write.method) \(code: write.path)\n   \(ours: text.roles(write))\n   \(code: body)\n"
                }
                out += "\nTo send exactly these requests, and nothing if the org changes meanwhile: dialpad-okta apply --yes --plan \(ours: plan.fingerprint)\n"
            }
            Output.standard.text(out)
        }
        throw ExitCode(report.complete ? Exit.done : Exit.notDone)
    }
}
