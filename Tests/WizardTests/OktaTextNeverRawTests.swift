import Foundation
@testable import OktaClient
import OktaSimulator
@testable import SetupEngine
import Testing
import TestSupport
@testable import Wizard

/// Re-attack of issue 23, N9, and the promise "Okta's text never raw on a terminal or in a
/// document": a gateway's page never reaches a screen in any language or format, and an error
/// Okta's code names is worded from the code in the admin's language; Okta's own summary shows
/// only quoted and labelled, and only when it says more than the code.
@Suite struct OktaTextNeverRawTests {
    /// Every form an error takes for the admin: the command line, the wizard's dialog, `--json`.
    static func renderings(_ error: any Error) -> [String] {
        [Language.en, .ja].flatMap { language -> [String] in
            let text = ErrorText(language)
            let dialog = text.dialog(error)
            return text.lines(error) + [dialog.title] + dialog.lines + [String(describing: text.document(error))]
        }
    }

    /// The simulator failing every request with a 5xx: Okta's 500 E0000009 or a gateway's 502/504 page.
    static func serverErrors() async throws -> [OktaError] {
        var errors: [OktaError] = []
        for seed in UInt64(1)...8 {
            var options = SimulatorOptions(seed: "fresh")
            options.faults = [.serverError: 1]
            options.faultSeed = seed
            let simulator = try await OktaSimulator.start(options)
            let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
            let client = OktaClient(configuration: configuration, readOnly: false, retry: RetryPolicy(maxAttempts: 1))
            do { _ = try await client.get([OktaApp].self, "/api/v1/apps") } catch let error as OktaError { errors.append(error) }
            await client.shutdown()
            await simulator.shutdown()
        }
        return errors
    }

    @Test func aGatewaysPageIsNeverShownAndOktasInternalErrorIsWordedFromItsCode() async throws {
        let errors = try await Self.serverErrors()
        let pages = errors.filter { if case .notAnOktaAnswer = $0.problem { true } else { false } }
        let oktas = errors.filter { $0.errorCode == "E0000009" }
        #expect(!pages.isEmpty && !oktas.isEmpty, "both kinds met: \(errors.map(\.problem))")
        for page in pages {
            #expect(page.problem == .notAnOktaAnswer(status: page.httpStatus ?? 0, body: .webPage))
            #expect(page.errorSummary == nil, "no byte of the page is kept")
            for text in Self.renderings(page) {
                #expect(!text.contains("<") && !text.contains("Gateway") && !text.localizedCaseInsensitiveContains("doctype"), "\(text)")
            }
            for language in [Language.en, .ja] {
                #expect(ErrorText(language).report(page).oktaSays == nil)
                #expect(ErrorText(language).report(page).hint == ErrorText(language).report(pages[0]).hint, "the same passing failure")
            }
        }
        for okta in oktas {
            #expect(okta.wellKnownCode == .internalError && okta.summaryBeyondCode == nil)
            for text in Self.renderings(okta) {
                #expect(!text.contains("Internal Server Error"), "Okta's English summary is not the wording: \(text)")
            }
            let japanese = ErrorText(.ja).report(okta)
            #expect(EnglishDetector.runs(in: (japanese.lines + [japanese.title]).joined()).isEmpty, "\(japanese)")
        }
    }

    /// A write left unsettled by a 5xx (its read-back read again until the patience was spent)
    /// says to wait before resume, in both languages; one a refusal left unsettled does not.
    @Test(arguments: [Language.en, .ja])
    func anUnsettledWriteAfterAPassingFailureSaysToWaitBeforeResume(language: Language) {
        let gateway = OktaError.fromResponse(status: 504, body: Data("<html><title>504</title></html>".utf8), headers: [("Content-Type", "text/html")],
                                             method: "GET", path: "/api/v1/meta/schemas/user/default")
        let network = OktaError(code: .network, problem: .unknownHost(host: "acme.okta.com"))
        #expect(gateway.passingFailure != nil && network.passingFailure == nil)
        let text = ErrorText(language)
        let passing = text.report(UnsettledWrite(step: .oktaAttribute, cause: gateway)).hint
        let other = text.report(UnsettledWrite(step: .oktaAttribute, cause: network)).hint
        #expect(passing != nil && other != nil && passing != other)
        #expect(passing?.contains("dialpad-okta resume") == true)
    }

    /// A code this tool does not word from the code: Okta's summary is the one thing that says
    /// what happened, so both languages quote it under a label, beside their own line.
    @Test(arguments: [Language.en, .ja])
    func anUnknownCodesSummaryIsQuotedAndLabelledNotWorded(language: Language) {
        let unknown = OktaError.fromResponse(status: 400, body: Data(#"{"errorCode":"E0000038","errorSummary":"This operation is not allowed in the user's current status.","errorCauses":[]}"#.utf8),
                                             headers: [], method: "POST", path: "/api/v1/meta/schemas/user/default")
        let validation = OktaError.fromResponse(status: 400, body: Data(#"{"errorCode":"E0000001","errorSummary":"Api validation failed: dialpadPhone","errorCauses":[{"errorSummary":"Invalid property 'dialpadPhone'"}]}"#.utf8),
                                                headers: [], method: "POST", path: "/api/v1/mappings/prm1")
        let text = ErrorText(language)
        let report = text.report(unknown)
        #expect(report.oktaSays == unknown.errorSummary)
        #expect(!report.lines.joined().contains("This operation"), "quoted apart, not the wording")
        #expect(text.lines(unknown).contains(text.oktaSaysLine(unknown.errorSummary ?? "")))
        #expect(text.dialog(unknown).lines.contains(text.oktaSaysLine(unknown.errorSummary ?? "")))
        if case .object(let fields) = text.document(unknown) { #expect(fields["oktaSummary"] == .string(unknown.errorSummary ?? "")) }
        // A well-known code: the summary only repeats it; Okta's causes still say what.
        let known = text.report(validation)
        #expect(known.oktaSays == nil && known.causes == ["Invalid property 'dialpadPhone'"])
        #expect(!(known.lines + [known.title]).joined().contains("Api validation failed"))
        #expect(known.lines != report.lines, "worded from the code, not as any refusal")
    }
}
