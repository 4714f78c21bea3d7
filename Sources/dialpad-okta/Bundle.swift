import ArgumentParser
import Foundation
import TerminalUI
import OktaClient
import SetupEngine
import Wizard

/// Support bundles (issue 24): `--record FILE` on a command writes one; this checks it.
struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Check a support bundle written with --record before sending it.",
        subcommands: [BundleCheck.self, BundleFromVCR.self])
}

struct BundleCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say what a support bundle holds, and that it holds no credential, no org host and no real email address or phone number.",
        discussion: "Exit status: 0 safe to send, 1 something it must not hold (each place named) or not a bundle, 2 usage.")

    @Argument(help: "The bundle written by --record.")
    var file: String

    @Option(name: .customLong("lang"), help: "Language: en or ja (default: from the locale).")
    var lang: Language?

    func run() async throws {
        let language = Language.resolve(flag: lang?.rawValue)
        let text = BundleText(language: language)
        let (secrets, hosts) = Self.thisMachinesCredentials()
        let inspection: BundleInspection
        do { inspection = try SupportBundle.inspect(path: file, secrets: secrets, hosts: hosts) } catch {
            Output.standard.errorLine(.outsideLines(text.readError(error)))
            throw ExitCode(Exit.error)
        }
        // The bundle's words are from outside: shown, never obeyed.
        Output.standard.text(.outsideLines(text.render(inspection, path: file)))
        throw ExitCode(inspection.clean ? Exit.done : Exit.error)
    }

    /// The credentials and org hosts this machine's environment and okta.yaml hold: none may
    /// be in a bundle. A configuration that does not resolve still gives its variables.
    static func thisMachinesCredentials(environment: [String: String] = ProcessInfo.processInfo.environment) -> (secrets: [String], hosts: [String]) {
        var secrets: [String] = []
        var hosts: [String] = []
        for name in ["OKTA_CLIENT_TOKEN", "OKTA_CLIENT_CLIENTSECRET"] {
            if let value = environment[name], !value.isEmpty { secrets.append(value) }
        }
        if let org = environment["OKTA_CLIENT_ORGURL"], let host = URLComponents(string: org)?.host { hosts.append(host) }
        if let configuration = try? OktaConfiguration.resolve(.init(environment: environment)) {
            if !configuration.token.isEmpty { secrets.append(configuration.token.reveal()) }
            hosts.append(configuration.orgURL.host)
        }
        // The service app's key signs every assertion: no piece of it may be in a bundle.
        secrets += SupportBundle.privateKeySecrets(environment: environment)
        return (Array(Set(secrets)), Array(Set(hosts)))
    }
}

extension OrgOptions {
    /// `--record FILE` checked before the run's first request, in the admin's language
    /// (exit 2, as for any other usage error): a typo is found before apply writes, not after.
    func checkRecordDestination() throws {
        guard let record else { return }
        do { try SupportRecorder.checkDestination(record) } catch {
            Output.standard.errorLine(.outsideLines(BundleText(language: language).fileError(error)))
            throw ExitCode(Exit.usage)
        }
        BundleOnSignal.install(language: language)
    }

    /// Says, in the admin's language, that the bundle was not written after all (the disk
    /// filled, the file changed during the run).
    var recordWriteFailure: @Sendable (BundleFileError) -> Void {
        let text = BundleText(language: language)
        return { error in Output.standard.errorLine(.outsideLines(text.fileError(error, warning: true))) }
    }
}

/// For maintainers: a bundle from recorded Okta traffic (go-vcr cassettes), for `Tests/Fixtures/bundles/`.
struct BundleFromVCR: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "from-vcr",
        abstract: "Make a support bundle from go-vcr cassettes of Okta traffic (terraform-provider-okta's test/fixtures/vcr), as --record would have.")

    @Option(name: .customLong("out"), help: ArgumentHelp("The bundle to write (0600).", valueName: "file"))
    var out: String

    @Argument(help: "The cassettes (YAML), read in this order.")
    var cassettes: [String]

    func run() async throws {
        do { try SupportBundle.fromVCR(cassettes: cassettes, to: out, product: productVersion) } catch {
            Output.standard.errorLine(.outsideLines("error: \(error.path) \(error.reason)."))
            throw ExitCode(Exit.error)
        }
    }
}
