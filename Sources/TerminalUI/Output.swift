import Foundation

/// The one way the command line and plain mode reach standard output and standard error.
///
/// Human text is `Prose` and goes through `TerminalWriter`: shown, never obeyed, coloured only
/// from our styles and only on a terminal that wants colour. What a script reads (`--json`,
/// the simulator's `KEY=value` lines, the man page) goes through `data`, exactly as given.
/// Nothing else in the executable writes to either stream (a test reads the sources).
package final class Output: Sendable {
    package enum Stream: Sendable { case standardOutput, standardError }

    private let sink: @Sendable (Stream, String) -> Void
    private let colourOut: Bool
    private let colourErr: Bool
    private let widthOut: Int?
    private let widthErr: Int?

    /// `colour`: whether each stream may carry our colours; `width`: the columns human text wraps
    /// to on each stream (nil: not wrapped); `sink`: where the bytes go.
    package init(colour: @Sendable (Stream) -> Bool, width: @Sendable (Stream) -> Int? = { _ in nil },
                sink: @escaping @Sendable (Stream, String) -> Void) {
        colourOut = colour(.standardOutput)
        colourErr = colour(.standardError)
        widthOut = width(.standardOutput)
        widthErr = width(.standardError)
        self.sink = sink
    }

    /// The process's own streams, unbuffered (a reader of the pipe sees each line at once).
    /// Human text wraps to the terminal's width on a terminal, with the wizard's line breaking
    /// (the terminal's own wrapping would cut Japanese and identifiers mid-word); into a pipe or
    /// a file it is not wrapped, so a script or a `grep` reads each line whole.
    package static let standard = Output(
        colour: { Output.wantsColour($0 == .standardOutput ? STDOUT_FILENO : STDERR_FILENO) },
        width: { isatty($0 == .standardOutput ? STDOUT_FILENO : STDERR_FILENO) == 1 ? Output.columns() : nil },
        sink: { stream, text in writeAll(text, to: stream == .standardOutput ? STDOUT_FILENO : STDERR_FILENO) })

    /// A closed stream (`apply | head -1`) ends what is shown, never the run: a write in
    /// flight goes on to its journal entry. (FileHandle traps on EPIPE; SIGPIPE is ignored.)
    static func writeAll(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org) or TERM is dumb.
    package static func wantsColour(_ descriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(descriptor) == 1
    }

    /// The width text on standard output wraps to: `COLUMNS`, else the terminal's, else 80
    /// (a pipe or a file).
    package static func columns(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    package func colour(_ stream: Stream) -> Bool { stream == .standardOutput ? colourOut : colourErr }

    /// The columns human text wraps to on `stream`; nil when it is not wrapped.
    package func width(_ stream: Stream) -> Int? { stream == .standardOutput ? widthOut : widthErr }

    /// Human text, wrapped to the stream's width if it has one (a renderer's text ends with its
    /// own line break).
    package func text(_ prose: Prose, to stream: Stream = .standardOutput) {
        let lines = width(stream).map { prose.wrapped(toWidth: $0) } ?? prose
        sink(stream, TerminalWriter(colour: colour(stream)).render(lines))
    }

    /// Human text and a line break.
    package func line(_ prose: Prose = "", to stream: Stream = .standardOutput) {
        text(prose + "\n", to: stream)
    }

    /// A line for the admin on standard error (warnings, errors, what a run waits for).
    package func errorLine(_ prose: Prose) { line(prose, to: .standardError) }

    /// A progress line on standard error that the next one replaces (a terminal only).
    package func status(_ prose: Prose) {
        sink(.standardError, "\r\u{1B}[2K" + TerminalWriter(colour: colourErr).render(prose))
    }

    /// Clears the progress line.
    package func endStatus() { sink(.standardError, "\r\u{1B}[2K") }

    /// What a script reads, exactly: JSON, `KEY=value` lines, a man page. Never human text
    /// with Okta's words in it.
    package func data(_ text: String, to stream: Stream = .standardOutput) { sink(stream, text) }
}

/// A report written to a file the admin names: created 0600 (its folder 0700 when we create
/// it), an existing file keeps its mode and is replaced whole (a temporary file beside it,
/// renamed over it), and never one of the files a run keeps (the journal and its locks), by
/// whatever path names them.
package enum ReportFile {
    package struct Refused: Error, Sendable, Equatable, CustomStringConvertible {
        package enum Code: String, Sendable, Equatable { case keptFile = "output-is-kept-file", notWritten = "output-not-written" }
        package let code: Code
        package let path: String
        /// The file the path names, for `keptFile`; the system's reason, for `notWritten`.
        package let detail: String

        package var description: String {
            switch code {
            case .keptFile: return "Cannot write the report to \(path): it is \(detail), which dialpad-okta keeps. Name another file."
            case .notWritten: return "Cannot write the report to \(path): \(detail)."
            }
        }
    }

    /// Writes `text` to `path`, refusing any of `kept` (compared after resolving symlinks and `..`).
    package static func write(_ text: String, to path: String, refusing kept: [String]) throws {
        let url = URL(fileURLWithPath: path)
        let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
        for file in kept {
            let keptURL = URL(fileURLWithPath: file)
            if keptURL.resolvingSymlinksInPath().standardizedFileURL.path == resolved || sameFile(url.path, keptURL.path) {
                throw Refused(code: .keptFile, path: path, detail: file)
            }
        }
        // A lock is never a report: replacing one by rename would let two runs in at once.
        if resolved.hasSuffix(".lock") { throw Refused(code: .keptFile, path: path, detail: resolved) }
        let folder = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.path) {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw Refused(code: .notWritten, path: path, detail: "cannot create its folder (\(error.localizedDescription))")
            }
        }
        let data = Array(text.utf8)
        var status = stat()
        // The mode of the file a symlink names, not the link's own 0777.
        if stat(url.path, &status) == 0 {
            // Replaced whole, never half written, with the mode it had (a 0600 report stays 0600).
            let mode = status.st_mode & 0o7777
            let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp").path
            try create(temporary, data, mode: mode, shownAs: path)
            guard rename(temporary, resolvedForRename(url)) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw Refused(code: .notWritten, path: path, detail: reason)
            }
        } else {
            try create(url.path, data, mode: 0o600, shownAs: path)
        }
    }

    /// Replacing a symlink replaces the file it names, as writing through it would.
    private static func resolvedForRename(_ url: URL) -> String {
        var status = stat()
        guard lstat(url.path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return url.path }
        return url.resolvingSymlinksInPath().path
    }

    /// Created, never opened: O_EXCL and O_NOFOLLOW in the same call as the mode, so no file or
    /// link planted in between is written through, and the mode is never wider for a moment.
    private static func create(_ path: String, _ data: [UInt8], mode: mode_t, shownAs shown: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Refused(code: .notWritten, path: shown, detail: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // The umask may have narrowed it; the mode is exactly what was asked.
        fchmod(descriptor, mode)
        var written = 0
        while written < data.count {
            let count = data.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, data.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw Refused(code: .notWritten, path: shown, detail: reason)
            }
            written += count
        }
        guard fsync(descriptor) == 0 || errno == EINVAL else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw Refused(code: .notWritten, path: shown, detail: reason)
        }
    }

    private static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}
