import ArgumentParser
import Foundation
import OktaClient
import SetupEngine

struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue a half-finished setup from its journal; the live org decides what is left.",
        discussion: "Exit status: 0 every step done, 3 stopped at a step that needs the Admin Console, 1 error, 2 usage.")

    @OptionGroup var options: OrgOptions

    @Option(name: .customLong("state-file"), help: "The journal (default: $XDG_STATE_HOME/dialpad-okta/<org>.json).")
    var stateFile: String?

    func run() async throws {
        let client: OktaClient
        do { client = try options.makeClient(readOnly: false) } catch { throw ErrorPresenter.fail(error) }
        let store = JournalStore(url: stateFile.map { URL(fileURLWithPath: $0) } ?? JournalStore.defaultURL(org: client.org))
        do {
            let result = try await Executor(client: client, store: store).resume { print("✓ " + $0) }
            await client.shutdown()
            let report = InspectionReport(observation: result.observation, steps: result.steps,
                                          requests: client.log.requestCount, waves: client.log.waves)
            print("")
            print(ReportRenderer(colour: Terminal.wantsColour).render(report), terminator: "")
            throw ExitCode(report.complete ? Exit.done : Exit.notDone)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            await client.shutdown()
            throw ErrorPresenter.fail(error)
        }
    }
}
