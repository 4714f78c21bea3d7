import Foundation
import OktaClient
import OktaSimulator
import SetupEngine
import Testing
import Wizard

/// Our own usage errors (issue 22's attack leftovers): in the admin's language, exit 2, before
/// any request, and with `--json` a document on standard output like every other error.
@Suite struct UsageRefusalCommandTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var refusal: CommandLineRefusal
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases = [
        Case(arguments: ["check-user", "", "--org", "https://acme.okta.com"], refusal: CommandLineRefusal(.emptyLogin)),
        Case(arguments: ["confirm", "apply-now", "--org", "https://acme.okta.com"], refusal: CommandLineRefusal(.confirmNeedsYes)),
        Case(arguments: ["apply", "--org", "https://acme.okta.com"], refusal: CommandLineRefusal(.applyNeedsYesWithoutATerminal)),
        Case(arguments: ["rollback", "--yes", "--org", "https://acme.okta.com"], refusal: CommandLineRefusal(.rollbackStepOrAll)),
        Case(arguments: ["rollback", "--all", "--org", "https://acme.okta.com"], refusal: CommandLineRefusal(.rollbackNeedsYes)),
        // Attack on issue 23, finding 11: a seed that does not exist was English and exit 1.
        Case(arguments: ["demo", "--seed", "nope", "--report"], refusal: CommandLineRefusal(.unknownSeed(seed: "nope", available: OktaSimulator.availableSeeds()))),
    ]

    @Test("in Japanese under --lang ja, in English otherwise, exit 2", arguments: cases)
    func wordedInTheAdminsLanguage(case: Case) async throws {
        for language in [Language.en, .ja] {
            let arguments = `case`.arguments + (language == .ja ? ["--lang", "ja"] : [])
            let result = try await Binary.run(arguments, environment: Binary.environment(), input: "")
            #expect(result.status == 2, "\(result.stderr)")
            let expected = ErrorText(language).lines(`case`.refusal).joined(separator: "\n")
            #expect(result.stderr.trimmingCharacters(in: .newlines) == expected)
        }
    }

    @Test("with --json, the error is a document on standard output", arguments: cases.filter { ["check-user", "apply"].contains($0.arguments.first) })
    func aDocumentWithJSON(case: Case) async throws {
        let result = try await Binary.run(`case`.arguments + ["--json"], environment: Binary.environment(), input: "")
        #expect(result.status == 2)
        let document = try JSONDecoder().decode([String: JSONValue].self, from: Data(result.stdout.utf8))
        #expect(document["error"]?["code"] == .string("usage"), "\(result.stdout)")
    }

    /// A token pasted as an argument is echoed by the parser's message: never in ours.
    @Test("a token typed on the command line is not repeated by a usage error, on either stream")
    func aTypedTokenIsNotRepeated() async throws {
        let token = "00" + String(repeating: "aB3_", count: 10)
        for environment in [Binary.environment(), Binary.environment(["OKTA_CLIENT_TOKEN": token])] {
            let result = try await Binary.run(["inspect", token, "--json"], environment: environment)
            #expect(result.status == 2)
            #expect(!result.stdout.contains(token) && !result.stderr.contains(token), "\(result.stdout)\n\(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
    }

    @Test("a command line the parser cannot read gives a document too, with --json")
    func parserErrorsWithJSON() async throws {
        let result = try await Binary.run(["inspect", "--no-such-option", "--json"], environment: Binary.environment())
        #expect(result.status == 2)
        let document = try JSONDecoder().decode([String: JSONValue].self, from: Data(result.stdout.utf8))
        #expect(document["error"]?["code"] == .string("usage"), "\(result.stdout)")
    }
}
