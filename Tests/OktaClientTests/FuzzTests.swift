import Foundation
@testable import OktaClient
import OktaSimulator
import Testing

/// Seeded: the same seed, the same inputs, so a failure replays.
typealias FuzzGenerator = SeededGenerator

/// Runs CPU-bound fuzzing on a GCD thread: on a 2-core machine, a long loop on one of the
/// few cooperative threads would starve the in-process servers other tests talk to.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Random and mutated inputs for the readers of what comes from outside.
enum Fuzz {
    /// `FUZZ_ITERATIONS` (make fuzz) or a bounded default for `make test`.
    static var iterations: Int { ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"].flatMap(Int.init) ?? 1_000 }
    static var seed: UInt64 { ProcessInfo.processInfo.environment["FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_123 }

    static let tokens: [String] = ["{", "}", "[", "]", "\"", ",", ":", "null", "true", "false", "-0", "1e999", "-1e-999",
                                   "\\u0000", "\\ud800", "\"\"", "{}", "[]", "0.1", "18446744073709551616", "\u{FEFF}", "\n", "\t",
                                   "\"properties\"", "\"definitions\"", "\"custom\"", "\"master\"", "\"type\"", "\"id\"",
                                   "okta:", "client:", "  ", "- ", "&a", "*a", "!!binary", "---", "...", "%YAML 1.2", "? ", "|", ">"]

    static func randomBytes(_ generator: inout FuzzGenerator, maxLength: Int = 256) -> Data {
        Data((0..<Int.random(in: 0...maxLength, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// One to four edits of a valid input: flips, inserts, deletions, duplications, cuts and structural tokens.
    static func mutate(_ input: Data, _ generator: inout FuzzGenerator) -> Data {
        var bytes = [UInt8](input)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
            case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &generator))
                bytes.removeSubrange(position..<end)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...32, using: &generator))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            case 4: bytes = Array(bytes.prefix(position))
            default: bytes.insert(contentsOf: Array(tokens.randomElement(using: &generator)!.utf8), at: position)
            }
        }
        return Data(bytes)
    }

    /// A random input for each round: mostly mutations of a valid one, some pure noise.
    static func input(_ corpus: [Data], _ generator: inout FuzzGenerator) -> Data {
        Int.random(in: 0..<10, using: &generator) == 0 ? randomBytes(&generator) : mutate(corpus.randomElement(using: &generator)!, &generator)
    }
}

/// Every decoder of Okta's answers, on thousands of mutated real answers: a value or a thrown
/// error, never a crash or a hang.
@Suite struct FuzzTests {
    /// Real answers from the simulator, as the corpus to mutate.
    static func corpus() async throws -> [Data] {
        let simulator = try await OktaSimulator.start(SimulatorOptions(seed: "conflict"))
        let client = OktaClient(configuration: OktaConfiguration(orgURL: try OrgURL(validating: simulator.baseURL), token: Secret(simulator.token)),
                                readOnly: true)
        var bodies: [Data] = []
        for path in ["/api/v1/apps", "/api/v1/meta/types/user", "/api/v1/meta/schemas/user/default", "/api/v1/mappings"] {
            bodies.append(try await client.send(.GET, url: client.url(path)).body)
        }
        let apps = try JSONDecoder().decode([OktaApp].self, from: bodies[0])
        for app in apps.prefix(3) {
            bodies.append(try await client.send(.GET, url: client.url("/api/v1/apps/\(app.id)")).body)
            if let schema = try? await client.send(.GET, url: client.url("/api/v1/meta/schemas/apps/\(app.id)/default")) { bodies.append(schema.body) }
            if let users = try? await client.send(.GET, url: client.url("/api/v1/apps/\(app.id)/users")) { bodies.append(users.body) }
        }
        let mappings = try JSONDecoder().decode([ProfileMapping].self, from: bodies[3])
        for mapping in mappings.prefix(2) { bodies.append(try await client.send(.GET, url: client.url("/api/v1/mappings/\(mapping.id)")).body) }
        bodies.append(Data(#"{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011","errorId":"oae1","errorCauses":[]}"#.utf8))
        await client.shutdown()
        await simulator.shutdown()
        return bodies
    }

    @Test func responseDecodersNeverCrash() async throws {
        let corpus = try await Self.corpus()
        let problems = try await offThePool { try Self.fuzzDecoders(corpus) }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    static func fuzzDecoders(_ corpus: [Data]) throws -> [String] {
        var problems: [String] = []
        func check(_ condition: Bool, _ message: @autoclosure () -> String = "") { if !condition { problems.append(message()) } }
        var generator = FuzzGenerator(seed: Fuzz.seed)
        var decoded = 0, refused = 0
        let decoders: [(Data) throws -> Void] = [
            { _ = try JSONDecoder().decode([OktaApp].self, from: $0) },
            { _ = try JSONDecoder().decode(OktaApp.self, from: $0) },
            { _ = try JSONDecoder().decode(UserType.self, from: $0) },
            { _ = try JSONDecoder().decode([UserType].self, from: $0) },
            { _ = try JSONDecoder().decode(UserSchema.self, from: $0) },
            { _ = try JSONDecoder().decode([ProfileMapping].self, from: $0) },
            { _ = try JSONDecoder().decode(ProfileMapping.self, from: $0) },
            { _ = try JSONDecoder().decode([AppUser].self, from: $0) },
            { _ = try JSONDecoder().decode(JSONValue.self, from: $0) },
        ]
        for _ in 0..<Fuzz.iterations {
            let input = Fuzz.input(corpus, &generator)
            for decode in decoders {
                do { try decode(input); decoded += 1 } catch { refused += 1 }
            }
            // What the client builds from any answer: an error with its problem, never a crash.
            for status in [400, 401, 403, 429, 500, 502] {
                let error = OktaError.fromResponse(status: status, body: input, headers: [("WWW-Authenticate", String(decoding: input.prefix(80), as: UTF8.self))],
                                                   method: "GET", path: "/api/v1/apps")
                check(error.httpStatus == status && !String(describing: error.problem).isEmpty)
            }
            _ = OktaClient.nextLink([String(decoding: input.prefix(300), as: UTF8.self)])
        }
        check(decoded + refused == Fuzz.iterations * decoders.count)
        check(decoded > 0 && refused > 0, "the mutations reach both outcomes")
        print("fuzz response decoders: \(Fuzz.iterations) inputs × \(decoders.count) decoders = \(decoded + refused) executions (\(decoded) decoded, \(refused) refused)")
        return problems
    }

    @Test func oktaYAMLReaderNeverCrashes() async throws {
        let problems = try await offThePool { try Self.fuzzYAML() }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    static func fuzzYAML() throws -> [String] {
        var problems: [String] = []
        func check(_ condition: Bool, _ message: @autoclosure () -> String = "") { if !condition { problems.append(message()) } }
        let corpus = [
            "okta:\n  client:\n    orgUrl: \"https://acme.okta.com\"\n    token: \"00abcdefghijklmnopqrstuvwxyz0123456789ABCD\"\n",
            "okta:\n  client:\n    orgUrl: https://acme.okta.com\n",
            "okta:\n  client:\n    token: 00abc\n    connectionTimeout: 30\n    proxy:\n      port: 8080\n",
            "# comment\nokta: {client: {orgUrl: 'https://x.okta.com', token: '00x'}}\n",
        ].map { Data($0.utf8) }
        var generator = FuzzGenerator(seed: Fuzz.seed &+ 1)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-yaml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("okta.yaml").path
        var read = 0, refused = 0
        for _ in 0..<Fuzz.iterations {
            try Fuzz.input(corpus, &generator).write(to: URL(fileURLWithPath: path))
            do {
                _ = try OktaConfiguration.readYAML(path: path, label: "./okta.yaml")
                read += 1
            } catch {
                refused += 1
                check(error.code == .configuration)
                check(!String(describing: error).contains("00abcdefghijklmnopqrstuvwxyz"), "an error never quotes the file")
            }
        }
        check(read > 0 && refused > 0)
        print("fuzz okta.yaml reader: \(read + refused) executions (\(read) read, \(refused) refused)")
        return problems
    }

    @Test func orgURLAndTokenValidationNeverCrash() async throws {
        let problems = try await offThePool { Self.fuzzValidation() }
        #expect(problems.isEmpty)
    }

    static func fuzzValidation() -> [String] {
        var problems: [String] = []
        func check(_ condition: Bool, _ message: @autoclosure () -> String = "") { if !condition { problems.append(message()) } }
        var generator = FuzzGenerator(seed: Fuzz.seed &+ 2)
        let corpus = ["https://acme.okta.com", "https://acme-admin.oktapreview.com:8443/", "http://127.0.0.1:8080",
                      "00abcdefghijklmnopqrstuvwxyz0123456789ABCD", "https://[::1]:443"].map { Data($0.utf8) }
        var executions = 0
        for _ in 0..<Fuzz.iterations {
            let text = String(decoding: Fuzz.input(corpus, &generator), as: UTF8.self)
            _ = try? OrgURL(validating: text)
            _ = try? APIToken.validate(text, source: "fuzz")
            executions += 2
        }
        print("fuzz org URL and token validation: \(executions) executions")
        return problems
    }
}
