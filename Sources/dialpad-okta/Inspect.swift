import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report how far the Dialpad phone-number sync is configured. Read-only: it can never write.",
        discussion: "Exit status: 0 every step done, 3 some steps not done, 1 error, 2 usage.")

    @OptionGroup var options: OrgOptions
    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("json"), help: "Print the report as JSON.")
    var json = false

    @Option(name: .customLong("orgs"), help: "A YAML file of orgs (orgUrl, and token: ${VARIABLE} or clientId and a privateKey file): inspect them all, several at once.")
    var orgsFile: String?

    func run() async throws {
        if let orgsFile {
            throw try await OrgsInspection(path: orgsFile, json: json, options: options, state: state).run()
        }
        let (report, observation) = try await options.withClient(readOnly: true, json: json) { client in
            try await Self.inspectObserving(client: client, appId: options.appId, language: options.language,
                                            confirmations: state.confirmations(for: client.org))
        }
        if json {
            let data = try JSONEncoder.okta.encode(report)
            Output.standard.data(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            Output.standard.text(ReportRenderer.render(report, observation: observation, language: options.language))
        }
        throw ExitCode(report.complete ? Exit.done : Exit.notDone)
    }

    static func inspect(client: OktaClient, appId: String?, language: Language = .en,
                        confirmations: [Confirmation] = []) async throws -> InspectionReport {
        try await inspectObserving(client: client, appId: appId, language: language, confirmations: confirmations).report
    }

    static func inspectObserving(client: OktaClient, appId: String?, language: Language = .en,
                                 confirmations: [Confirmation] = []) async throws -> (report: InspectionReport, observation: Observation) {
        let observation = try await Observer(client: client).observe(appId: appId)
        let steps = Planner.plan(observation, confirmations: confirmations)
        return (InspectionReport(observation: observation, steps: steps, requests: client.log.requestCount, waves: client.log.waves,
                                 language: language), observation)
    }
}

enum Terminal {
    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org) or TERM is dumb.
    static var wantsColour: Bool { Output.standard.colour(.standardOutput) }
}

/// The human report of `inspect`.
struct ReportRenderer {
    var colour: Bool

    /// The report in the admin's language: English with the engine's reasons, Japanese in the wizard's words.
    static func render(_ report: InspectionReport, observation: Observation, language: Language) -> Prose {
        guard language == .ja else { return ReportRenderer(colour: Terminal.wantsColour).render(report) }
        return CommandLineText(language: .ja, colour: Terminal.wantsColour).inspection(report, observation: observation)
    }

    /// What Okta sent (labels, ids, reasons quoting them) is an outside part: the writer shows it, never obeys it.
    func render(_ report: InspectionReport) -> Prose {
        var out: Prose = bold("Dialpad phone-number sync on \(report.org)") + (report.previewOrg ? "  (preview org)" : "") + "\n"
        if let app = report.app {
            out += "App: \(app.label) (\(code: app.id))\n"
        } else {
            out += paint("App: none found", 33) + "\n"
        }
        let width = StepID.allCases.map(\.rawValue.count).max() ?? 0
        for phase in Phase.allCases {
            out += "\n" + bold(.ours(phase.rawValue.capitalized)) + "\n"
            for step in report.steps where step.phase == phase {
                let (symbol, code) = Self.look(step.status)
                let id = step.id.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
                let status = step.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                out += "  \(paint(.ours(symbol), code)) \(ours: id)  \(paint(.ours(status), code))  \(step.reason)\n"
                let indent = Prose.ours(String(repeating: " ", count: width + 15))
                for line in step.guidance ?? [] {
                    out += indent + paint(.outside(line), 36) + "\n"
                }
                if let unverified = step.unverified, !unverified.isEmpty {
                    out += indent + paint("not readable through the API, confirm in the Admin Console: \(unverified.map(\.en).joined(separator: "; "))", 2) + "\n"
                }
            }
        }
        let done = report.steps.filter { $0.status == .ok }.count
        out += "\n" + (report.complete ? paint("Every step is done.", 32) : "\(done) of \(report.steps.count) steps done.")
        if let requests = report.requests, let waves = report.waves {
            out += " Read with \(requests) requests in \(waves) round trip\(ours: waves == 1 ? "" : "s")."
        }
        return out + "\n"
    }

    static func look(_ status: StepStatus) -> (String, Int) {
        switch status {
        case .ok: return ("✓", 32)
        case .missing: return ("○", 33)
        case .differs: return ("≠", 33)
        case .conflict: return ("✗", 31)
        case .manual: return ("☐", 36)
        case .blocked: return ("·", 2)
        }
    }

    func paint(_ text: Prose, _ code: Int) -> Prose { colour ? text.styled(CommandLineText.style(code)) : text }
    func bold(_ text: Prose) -> Prose { paint(text, 1) }
}
