import ArgumentParser
import Foundation
import OktaClient
import OktaSimulator
import SetupEngine

struct Simulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an Okta org simulator on loopback (for tests, scripts and training).",
        discussion: "Prints OKTA_CLIENT_ORGURL=… and OKTA_CLIENT_TOKEN=… as its first two lines, then serves until SIGINT or SIGTERM.")

    @Option(help: "The org to simulate: \(OktaSimulator.availableSeeds().joined(separator: ", ")), or a seed file.")
    var seed = "fresh"

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port = 0

    @Option(name: .customLong("latency-ms"), help: "Delay added to every answer, to feel a distant org.")
    var latencyMs = 0

    @Option(name: .customLong("rate-limit"),
            help: "BUCKET=N: allow N requests a minute in one of Okta's buckets (\(OktaSimulator.defaultRateLimits.keys.sorted().joined(separator: ", "))) instead of Okta's default; repeatable.")
    var rateLimits: [String] = []

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard (0...60_000).contains(latencyMs) else { throw ValidationError("--latency-ms must be between 0 and 60000.") }
        _ = try parsedRateLimits()
    }

    func parsedRateLimits() throws -> [String: Int] {
        var limits: [String: Int] = [:]
        for item in rateLimits {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, OktaSimulator.defaultRateLimits[parts[0]] != nil, let limit = Int(parts[1]), limit > 0 else {
                throw ValidationError("--rate-limit takes BUCKET=N with N > 0 and BUCKET one of \(OktaSimulator.defaultRateLimits.keys.sorted().joined(separator: ", ")); got \"\(item)\".")
            }
            limits[parts[0]] = limit
        }
        return limits
    }

    func run() async throws {
        let simulator: RunningSimulator
        do {
            simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed, port: port, latencyMs: latencyMs,
                                                                      rateLimits: try parsedRateLimits()))
        } catch { throw ErrorPresenter.fail(error) }
        // Unbuffered, so a script reading the pipe sees both lines at once.
        FileHandle.standardOutput.write(Data("OKTA_CLIENT_ORGURL=\(simulator.baseURL)\nOKTA_CLIENT_TOKEN=\(simulator.token)\n".utf8))
        await Signals.waitForTermination()
        await simulator.shutdown()
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the simulator with a sample org and inspect it, to see the product without an Okta org.")

    @Option(help: "The sample org: \(OktaSimulator.availableSeeds().joined(separator: ", ")).")
    var seed = "fresh"

    func run() async throws {
        let simulator: RunningSimulator
        do { simulator = try await OktaSimulator.start(SimulatorOptions(seed: seed, latencyMs: 20)) } catch { throw ErrorPresenter.fail(error) }
        print("Simulated Okta org \"\(seed)\" on \(simulator.baseURL) (loopback only; nothing leaves this machine).\n")
        let configuration = try OktaConfiguration(orgURL: OrgURL(validating: simulator.baseURL), token: Secret(simulator.token))
        let client = OktaClient(configuration: configuration, readOnly: true)
        do {
            let language = Language.resolve(flag: nil)
            let observation = try await Observer(client: client).observe()
            let report = InspectionReport(observation: observation, steps: Planner.plan(observation), requests: client.log.requestCount,
                                          waves: client.log.waves, language: language)
            let renderer = ReportRenderer(colour: Terminal.wantsColour)
            print(renderer.render(report), terminator: "")
            let writes = WritePlanner.writes(for: observation)
            if !writes.isEmpty {
                print("\n" + renderer.bold("What `apply` would do here:"))
                for write in writes { print("  [\(write.step.rawValue)] \(write.summary)") }
            }
            print("""

            Walk the whole procedure on a simulated org (the binary is .build/debug/dialpad-okta):
              1. in one terminal:   dialpad-okta simulator --seed \(seed)
              2. in another, export the two OKTA_CLIENT_* lines it prints, then:
                 dialpad-okta plan
                 dialpad-okta apply --yes
                 dialpad-okta rollback --all --yes --delete-attribute-data
            """)
        } catch {
            FileHandle.standardError.write(Data((ErrorPresenter.render(error) + "\n").utf8))
        }
        await client.shutdown()
        await simulator.shutdown()
    }
}

enum Signals {
    /// Returns on the first SIGINT or SIGTERM.
    static func waitForTermination() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let stream = AsyncStream<Void> { continuation in
            nonisolated(unsafe) let sources = [SIGINT, SIGTERM].map { number in
                let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
                source.setEventHandler { continuation.yield() }
                source.resume()
                return source
            }
            continuation.onTermination = { _ in sources.forEach { $0.cancel() } }
        }
        for await _ in stream { return }
    }
}
