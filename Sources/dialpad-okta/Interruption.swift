import Foundation
import OktaClient
import SetupEngine
import Wizard

/// Where the handler reads, set before it is installed (a signal handler captures nothing).
nonisolated(unsafe) private var stopNotice: UnsafeMutablePointer<CChar>?
nonisolated(unsafe) private var stopNoticeLength = 0
nonisolated(unsafe) private var terminalAtStart = termios()
nonisolated(unsafe) private var terminalSaved = false
/// The write end of the pipe a signal's number goes down when the run records a bundle.
nonisolated(unsafe) private var bundleSignals: Int32 = -1

/// Ctrl-C in a run that writes (apply, resume, rollback, plain mode): with a write under way,
/// the run says it stops once that write is answered and journalled, starts no other, and
/// ends (`WriteGuard`, checked before every write); with none, or at a second Ctrl-C, it ends
/// at once, the terminal's settings put back. A handler, not a dispatch source: libdispatch on
/// Linux would need the signal blocked in NIO's threads too (see `Signals`).
enum Interruption {
    static func install(language: Language) {
        let notice = "\n" + CommandLineText(language: language, colour: false).stopOnceTheWriteSettles + "\n"
        stopNoticeLength = notice.utf8.count
        stopNotice = strdup(notice)
        if isatty(STDIN_FILENO) == 1 { terminalSaved = tcgetattr(STDIN_FILENO, &terminalAtStart) == 0 }
        // Touched here, so the handler never runs a lazy initialiser.
        _ = WriteGuard.underWay.load(ordering: .relaxed)
        _ = WriteGuard.stopRequested.load(ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if WriteGuard.underWay.load(ordering: .relaxed) == 0 || WriteGuard.stopRequested.load(ordering: .relaxed) {
                if terminalSaved { tcsetattr(STDIN_FILENO, TCSANOW, &terminalAtStart) }
                // A run that records ends on the thread that writes its bundle first.
                if bundleSignals >= 0 { var number = UInt8(SIGINT); if write(bundleSignals, &number, 1) == 1 { return } }
                _exit(130)
            }
            WriteGuard.stopRequested.store(true, ordering: .relaxed)
            if let stopNotice { _ = write(STDERR_FILENO, stopNotice, stopNoticeLength) }
        }
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
    }
}

/// A run that records (`--record FILE`) and is ended by Ctrl-C, `kill` or its terminal
/// closing (SIGINT, SIGTERM, SIGHUP) writes the bundle of what it recorded so far, marked
/// interrupted, and says where (or that none was written) before it exits: the run that hangs
/// is the one an admin most needs to send. The handler only writes the signal's number down a
/// pipe (all it may do); a thread of its own writes the bundle.
enum BundleOnSignal {
    static func install(language: Language) {
        guard bundleSignals < 0 else { return }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        bundleSignals = ends[1]
        let reader = ends[0]
        let text = BundleText(language: language)
        let thread = Thread {
            var number: UInt8 = 0
            while read(reader, &number, 1) != 1 { if errno != EINTR { return } }
            let recorders = SupportRecorder.all
            var lines: [String] = []
            for recorder in recorders {
                let failure = recorder.write(interrupted: true)
                lines.append(text.interrupted(path: recorder.path, written: failure == nil))
            }
            if recorders.isEmpty { lines.append(text.interrupted(path: nil, written: false)) }
            let message = "\n" + lines.joined(separator: "\n") + "\n"
            _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
            if terminalSaved { tcsetattr(STDIN_FILENO, TCSANOW, &terminalAtStart) }
            _exit(128 + Int32(number))
        }
        thread.start()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            var number = UInt8(truncatingIfNeeded: signal)
            if write(bundleSignals, &number, 1) != 1 { _exit(128 + signal) }
        }
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        for signal in [SIGTERM, SIGHUP] { sigaction(signal, &action, nil) }
        // Ctrl-C: a run that writes has `Interruption`'s handler, which hands over to this one
        // once no write is under way; a read-only run ends here too.
        var current = sigaction()
        sigaction(SIGINT, nil, &current)
        if current.__sigaction_handler.sa_handler == nil { sigaction(SIGINT, &action, nil) }
    }
}
