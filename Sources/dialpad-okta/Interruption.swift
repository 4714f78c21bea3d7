import Foundation
import OktaClient
import SetupEngine
import Wizard

/// Where the handler reads, set before it is installed (a signal handler captures nothing).
nonisolated(unsafe) private var stopNotice: UnsafeMutablePointer<CChar>?
nonisolated(unsafe) private var stopNoticeLength = 0
nonisolated(unsafe) private var terminalAtStart = termios()
nonisolated(unsafe) private var terminalSaved = false

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
