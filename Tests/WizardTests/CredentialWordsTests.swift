import Foundation
@testable import OktaClient
import Testing
import TestSupport
@testable import Wizard

/// Every refusal of a credential's configuration (issue 21's orgs-file and key rules) is said
/// in Japanese too, naming where a value comes from and never the value.
@Suite struct CredentialWordsTests {
    static let problems: [OktaError.CredentialProblem] = [
        .privateKeyFileMissing(source: "--private-key"), .privateKeyFileUnreadable(source: "OKTA_CLIENT_PRIVATEKEY"),
        .orgsFileUnreadable(path: "/etc/orgs.yaml"), .orgsFileWritableByOthers(path: "/tmp/orgs.yaml", mode: 0o666),
        .orgsFileOwnedByAnotherUser(path: "/tmp/orgs.yaml", owner: 1001), .orgsFileInvalid(path: "/tmp/orgs.yaml"),
        .orgsVariableShared(variable: "ACME_OKTA_TOKEN", orgs: ["acme", "beta"]), .orgsTokenNotAVariable(org: "acme"),
        .orgsVariableUnset(org: "acme", variable: "ACME_OKTA_TOKEN"), .orgsKeyInFile(org: "acme"),
        .orgsEntryIncomplete(org: "acme"), .orgsEntryNotAMapping(org: "acme"), .orgsEntryWithoutOrgURL(org: "acme"),
        .orgsFileNotYAML(path: "/tmp/orgs.yaml"), .orgsModeUnsupported(org: "acme"), .orgsCustomDomain(org: "acme", host: "login.acme.com"),
    ]

    @Test(arguments: problems)
    func saidInJapanese(problem: OktaError.CredentialProblem) throws {
        let error = OktaError.credential(problem)
        let message = try #require(JapaneseTests.japaneseDialog(error))
        #expect(message.title.contains("設定エラー"))
        for line in [message.title] + message.lines {
            #expect(EnglishDetector.runs(in: line).isEmpty, "\(line)")
        }
    }
}

extension OktaError.CredentialProblem: CustomTestStringConvertible {
    public var testDescription: String { String(describing: self).prefix { $0 != "(" }.description }
}
