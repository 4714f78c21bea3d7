import Foundation

/// Runs the real `dialpad-okta` binary built beside the tests.
enum Binary {
    static var url: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("dialpad-okta")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/dialpad-okta")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A clean environment: no Okta variables, no colour, and an empty home so no okta.yaml leaks in.
    static func environment(_ extra: [String: String] = [:], home: String? = nil) -> [String: String] {
        var environment = ["PATH": "/usr/bin:/bin", "HOME": home ?? emptyHome(), "NO_COLOR": "1"]
        environment.merge(extra) { $1 }
        return environment
    }

    static func emptyHome() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dialpad-okta-home-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.path
    }

    /// `input`: what the binary reads on standard input, to its end (as from a pipe or a file).
    /// `executable`: another copy of the binary (an installed one); this build's by default.
    static func run(_ arguments: [String], environment: [String: String], workingDirectory: String? = nil, input: String? = nil,
                    executable: URL? = nil) async throws -> Result {
        let process = ChildProcess()
        process.executableURL = executable ?? url
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory ?? emptyHome())
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let input {
            let file = emptyHome() + "/stdin"
            try input.write(toFile: file, atomically: true, encoding: .utf8)
            process.standardInput = FileHandle(forReadingAtPath: file)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try spawn(process)
        // Blocking reads go to threads of their own: on Linux, Swift's tasks run on GCD's
        // worker threads, whose number is capped; thirty binaries blocking them at once left
        // none for the in-process simulators they talk to, until every exchange timed out.
        async let o = blocking { readToEnd(out.fileHandleForReading.fileDescriptor) }
        async let e = blocking { readToEnd(err.fileHandleForReading.fileDescriptor) }
        let (stdoutData, stderrData) = await (o, e)
        await blocking { process.waitUntilExit() }
        let stdout = stdoutData, stderr = stderrData
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Reads a pipe to its end. Foundation's readDataToEndOfFile and availableData stop the
/// process on EINTR, which the signals of the crash tests' children can cause.
func readToEnd(_ descriptor: Int32, until enough: (Data) -> Bool = { _ in false }) -> Data {
    var data = Data()
    var chunk = [UInt8](repeating: 0, count: 65536)
    while !enough(data) {
        let count = read(descriptor, &chunk, chunk.count)
        if count > 0 {
            data.append(contentsOf: chunk[0..<count])
        } else if count < 0 && errno == EINTR {
            continue
        } else {
            break
        }
    }
    return data
}

/// A child process started with posix_spawn, never Foundation's `Process`: on Linux its
/// `run()` crashes now and then in `findMaximumOpenFromProcSelfFD()` (a 256-byte over-read of a
/// `dirent`, swift-corelibs-foundation PR #5472; Swift 6.3.1 has it), which ended whole test
/// runs. The same names as `Process`, so a test reads as before.
final class ChildProcess: @unchecked Sendable {
    var executableURL: URL?
    var arguments: [String] = []
    var environment: [String: String]?
    var currentDirectoryURL: URL?
    /// A `Pipe` or a `FileHandle`; nil inherits the test's own.
    var standardInput: Any?
    var standardOutput: Any?
    var standardError: Any?
    private(set) var processIdentifier: Int32 = 0
    private let exit = NSLock()
    private var status: Int32?

    func run() throws {
        guard let executable = executableURL?.path else { throw POSIXError(.ENOENT) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let streams: [(Any?, Int32, Bool)] = [(standardInput, 0, true), (standardOutput, 1, false), (standardError, 2, false)]
        var handedOver: [FileHandle] = []
        for (stream, target, reading) in streams {
            if let pipe = stream as? Pipe {
                let end = reading ? pipe.fileHandleForReading : pipe.fileHandleForWriting
                posix_spawn_file_actions_adddup2(&actions, end.fileDescriptor, target)
                handedOver.append(end)
            } else if let handle = stream as? FileHandle {
                posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, target)
            }
        }
        if let directory = currentDirectoryURL?.path { _ = spawnChangeDirectory(&actions, directory) }
        // No descriptor of the test's (other children's pipes, sockets) leaks into the child.
        _ = spawnCloseFrom(&actions, 3)
        let environment = (self.environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var cArguments = ([executable] + arguments).map { strdup($0) } + [nil]
        var cEnvironment = environment.map { strdup($0) } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, &cArguments, &cEnvironment)
        // The child holds its ends now; the test keeps only its own, so a read sees the end.
        for end in handedOver { try? end.close() }
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT) }
        processIdentifier = pid
    }

    /// How it ended: the exit code, or the signal that ended it (as `Process` says it).
    var terminationStatus: Int32 { exit.withLock { status ?? 0 } }

    func waitUntilExit() {
        if exit.withLock({ status != nil }) { return }
        var raw: Int32 = 0
        while waitpid(processIdentifier, &raw, 0) == -1 && errno == EINTR {}
        exit.withLock { status = status ?? Self.decode(raw) }
    }

    var isRunning: Bool {
        exit.withLock {
            guard status == nil else { return false }
            var raw: Int32 = 0
            guard waitpid(processIdentifier, &raw, WNOHANG) == processIdentifier else { return true }
            status = Self.decode(raw)
            return false
        }
    }

    func terminate() { if isRunning { kill(processIdentifier, SIGTERM) } }

    static func decode(_ raw: Int32) -> Int32 { raw & 0x7f == 0 ? (raw >> 8) & 0xff : raw & 0x7f }
}

/// glibc 2.29's chdir for posix_spawn, which Swift's Glibc module does not import.
@_silgen_name("posix_spawn_file_actions_addchdir_np")
func spawnChangeDirectory(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32

/// Starts a child process (see `ChildProcess`).
func spawn(_ process: ChildProcess) throws {
    try process.run()
}

/// Runs blocking work on a thread of its own (not GCD's capped pool, which Swift's tasks
/// share on Linux) and awaits it without holding a pool thread.
func blocking<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OktaSimulator

/// What the simulated org saw: its request log and its state, as a test compares them.
enum OrgRecord {
    /// Every Okta API request the simulator answered (or hung up on), oldest first.
    static func requests(_ simulator: RunningSimulator) async throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: await simulator.requestsJSON()) as? [[String: Any]] ?? []
    }

    /// Writes the org applied, by path: the same write applied twice shows as 2.
    static func appliedWrites(_ simulator: RunningSimulator) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in try await requests(simulator) where entry["method"] as? String != "GET" && entry["applied"] as? Bool == true {
            counts[entry["path"] as? String ?? "?", default: 0] += 1
        }
        return counts
    }

    /// The org's state without the timestamps a write stamps (they differ from run to run).
    static func state(_ simulator: RunningSimulator) async throws -> String {
        var text = String(decoding: try await simulator.stateJSON(), as: UTF8.self)
        for key in ["lastUpdated", "created"] {
            text = text.replacingOccurrences(of: "\"\(key)\":\"[^\"]*\"", with: "", options: .regularExpression)
        }
        return text
    }

    static func environment(_ simulator: RunningSimulator, home: String, _ extra: [String: String] = [:]) -> [String: String] {
        Binary.environment(["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token].merging(extra) { $1 }, home: home)
    }
}

/// `dialpad-okta simulator` as a separate process, and the `KEY=value` lines it prints first.
struct SimulatorProcess {
    let process: ChildProcess
    let lines: [String]

    static func start(_ arguments: [String], lines count: Int, environment: [String: String] = Binary.environment()) async throws -> SimulatorProcess {
        let process = ChildProcess()
        process.executableURL = Binary.url
        process.arguments = ["simulator"] + arguments
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try spawn(process)
        let descriptor = out.fileHandleForReading.fileDescriptor
        let printed = await blocking {
            readToEnd(descriptor) { String(decoding: $0, as: UTF8.self).split(separator: "\n").count >= count }
        }
        let lines = String(decoding: printed, as: UTF8.self).split(separator: "\n").map(String.init)
        return SimulatorProcess(process: process, lines: lines)
    }

    /// The printed lines as environment variables.
    var environment: [String: String] {
        var variables: [String: String] = [:]
        for line in lines {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { variables[parts[0]] = parts[1] }
        }
        return variables
    }

    func stop() { if process.isRunning { process.terminate() } }
}

/// Runs `body` against a simulator started for it, shut down whatever `body` does.
func withSimulator<T>(_ options: SimulatorOptions, _ body: (RunningSimulator) async throws -> T) async throws -> T {
    let simulator = try await OktaSimulator.start(options)
    do {
        let result = try await body(simulator)
        await simulator.shutdown()
        return result
    } catch {
        await simulator.shutdown()
        throw error
    }
}

/// The binary's environment for that simulator: its org URL and token, nothing else of ours.
func env(_ simulator: RunningSimulator) -> [String: String] {
    Binary.environment(["OKTA_CLIENT_ORGURL": simulator.baseURL, "OKTA_CLIENT_TOKEN": simulator.token])
}
