import Foundation

/// The real binary in a real terminal: a tmux server of its own (one socket per session),
/// driven with send-keys and read with capture-pane, as an admin's terminal would be.
final class TmuxSession: @unchecked Sendable {
    let socket = "dpo-test-\(UUID().uuidString.prefix(8))"
    let directory: String
    var pidFile: String { directory + "/pid" }
    var frameLog: String { directory + "/frames.jsonl" }

    /// Starts `arguments` of the binary in a pane of `width` x `height`. The pane's shell outlives
    /// the binary, so the tests can read its exit status and the terminal state it left behind.
    init(_ arguments: [String], environment: [String: String], width: Int = 100, height: Int = 30) async throws {
        directory = Binary.emptyHome()
        var variables = environment
        variables["TERM"] = "xterm-256color"
        variables["LANG"] = variables["LANG"] ?? "C.UTF-8"
        variables["HOME"] = variables["HOME"] ?? directory
        variables["DIALPAD_OKTA_FRAME_LOG"] = frameLog
        let env = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        let command = "echo $$ > \(pidFile); exec env -i \(env) \(Self.quote(Binary.url.path)) \(arguments.map(Self.quote).joined(separator: " "))"
        let script = "sh -c \(Self.quote(command)); echo EXIT=$?; echo STTY=$(stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\{0,1\\}echo'); exec sleep 120"
        // The server forks from this first client and would hold a stdout pipe open forever.
        try await tmux(["new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)", "sh", "-c", script], output: false)
    }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @discardableResult
    func tmux(_ arguments: [String], output: Bool = true) async throws -> String {
        let argv = ["/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments
        return try await blockingThrowing { try Self.spawn(argv, output: output) }
    }

    /// posix_spawn and waitpid, not Foundation's Process: tmux's server daemonizes from the first
    /// client and would inherit Process's exit-watching pipe, so the client never looks finished.
    /// The child gets no descriptor above stderr, so the server holds none of the test's pipes.
    static func spawn(_ argv: [String], output: Bool) throws -> String {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if output { posix_spawn_file_actions_adddup2(&actions, fds[1], 1) } else { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        _ = spawnCloseFrom(&actions, 3)
        let environment = ["PATH=/usr/bin:/bin", "TERM=xterm-256color", "LANG=C.UTF-8"]
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = environment.map { strdup($0) } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, &cEnvironment)
        Glibc.close(fds[1])
        guard spawned == 0 else {
            Glibc.close(fds[0])
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT)
        }
        let data = readToEnd(fds[0])
        Glibc.close(fds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return String(decoding: data, as: UTF8.self)
    }

    func keys(_ keys: String...) async throws { try await tmux(["send-keys", "-t", "t"] + keys) }

    /// How many keys the binary has read, from its frame log (it counts keys, never names them).
    func keysRead() -> Int {
        guard let log = try? String(contentsOfFile: frameLog, encoding: .utf8),
              let last = log.split(separator: "\n").last,
              let range = last.range(of: "\"keys\":") else { return 0 }
        return Int(last[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    /// Sends `key` and waits for `text`. A key that the pane never delivered to the binary
    /// (its key count did not move) is sent once more and said so in the output; a key the
    /// binary read without showing `text` is the wizard's fault and is not retried.
    @discardableResult
    func press(_ key: String, until text: String, seconds: Double = 30) async throws -> (found: Bool, screen: String) {
        let before = keysRead()
        try await keys(key)
        let first = try await waitFor(text, seconds: 5)
        if first.found { return first }
        if keysRead() == before {
            print("tmux: the pane did not deliver \(key) within 5 s; sending it again")
            try await keys(key)
        }
        return try await waitFor(text, seconds: seconds)
    }

    func capture() async throws -> String { try await tmux(["capture-pane", "-p", "-t", "t"]) }

    /// The pane with all its scrollback: what a terminal ever showed, not only the last screen.
    func captureHistory() async throws -> String { try await tmux(["capture-pane", "-p", "-S", "-", "-t", "t"]) }

    /// Waits until the pane shows `text`; returns the screen either way, for the failure message.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 30) async throws -> (found: Bool, screen: String) {
        try await waitUntil(seconds: seconds) { $0.contains(text) }
    }

    /// Waits until the pane's text satisfies `shown`; returns the screen either way.
    @discardableResult
    func waitUntil(seconds: Double = 30, _ shown: (String) -> Bool) async throws -> (found: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try await capture()
            if shown(screen) { return (true, screen) }
            try await Task.sleep(for: .milliseconds(100))
        }
        return (false, screen + diagnostics())
    }

    /// What the binary is doing when a screen never came: its state, its frame log's tail and
    /// its threads' stacks (gdb, when the machine has it), so a failure in CI can be read.
    func diagnostics() -> String {
        guard let pid = try? binaryPid() else { return "\n(no binary pid)" }
        var report = "\n--- binary \(pid) ---\n"
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? "(gone)"
        report += status.split(separator: "\n").filter { $0.hasPrefix("State") || $0.hasPrefix("Threads") }.joined(separator: "\n")
        let frames = (try? String(contentsOfFile: frameLog, encoding: .utf8))?.split(separator: "\n").suffix(3).joined(separator: "\n")
        report += "\nframe log tail:\n" + (frames ?? "(none)")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/gdb") {
            let stacks = (try? Self.spawn(["/usr/bin/timeout", "90", "/usr/bin/gdb", "-p", "\(pid)", "-batch", "-ex", "thread apply all bt 12"], output: true)) ?? ""
            report += "\nthreads:\n" + stacks.split(separator: "\n").filter { $0.hasPrefix("#") || $0.hasPrefix("Thread") }.joined(separator: "\n")
        }
        return report
    }

    func alternateScreenOn() async throws -> Bool {
        try await tmux(["display-message", "-p", "-t", "t", "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", "t", "-x", "\(width)", "-y", "\(height)"])
    }

    func binaryPid() throws -> pid_t? {
        pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func close() async {
        _ = try? await tmux(["kill-server"])
    }

    /// For `defer`: a detached close could outlive the test process and leave the server behind.
    func closeNow() {
        let base = ["/usr/bin/tmux", "-L", socket, "-f", "/dev/null"]
        let server = (try? Self.spawn(base + ["display-message", "-p", "#{pid}"], output: true))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        _ = try? Self.spawn(base + ["kill-server"], output: false)
        // kill-server answers before the server has gone; make sure it does.
        if let server, server > 1 { kill(server, SIGKILL) }
    }
}

/// glibc 2.34's closefrom for posix_spawn, which Swift's Glibc module does not import.
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
func spawnCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32

func blockingThrowing<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
